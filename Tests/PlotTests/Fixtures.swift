import TestSupport

/// Files under Tests/Fixtures/plot, made by `make_fixtures.py` or committed golden images.
let Fixtures = FixtureFolder("plot")
