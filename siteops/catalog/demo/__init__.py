"""The demo catalogue: its products (``catalogue``) and their generated pictures (``pictures``)."""
