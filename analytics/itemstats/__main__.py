from analytics.itemstats.cli import main

raise SystemExit(main())
