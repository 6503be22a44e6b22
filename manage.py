#!/usr/bin/env python
import sys

from siteops.cli import main

if __name__ == "__main__":
    sys.exit(main(prog="manage.py"))
