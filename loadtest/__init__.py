"""Load and soak tests: a realistic mix of shop, back-office and API traffic against gunicorn.

``python -m loadtest run`` (``make loadtest``) and ``python -m loadtest soak`` (``make soak``);
see loadtest/README.md.
"""
