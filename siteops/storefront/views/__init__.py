"""The shop's pages, by topic: browsing (shop), the customer's account, cart and checkout."""
