from descent_ray.bridge import main

raise SystemExit(main())
