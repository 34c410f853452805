import TestSupport

/// The committed fixtures in Tests/Fixtures/learn.
let Fixtures = FixtureFolder("learn")
