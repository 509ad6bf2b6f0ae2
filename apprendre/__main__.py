from apprendre.cli.main import main

raise SystemExit(main())
