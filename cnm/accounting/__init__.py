"""GHG accounting: the inventory by scope, gas and source in tCO2e, and energy in tce."""

from cnm.accounting.inventory import Inventory, account

__all__ = ["Inventory", "account"]
