"""cnm: carbon-neutral mine assessment under the draft standard 碳中和矿山评价."""
