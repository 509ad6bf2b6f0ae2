from apprendre.cli import main

raise SystemExit(main())
