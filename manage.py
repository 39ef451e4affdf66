#!/usr/bin/env python
from zgoda.cli import main

if __name__ == "__main__":
    main()
