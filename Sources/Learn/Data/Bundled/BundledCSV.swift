/// The bundled data sets, compiled in as CSV text (data/README.md says where they come from and
/// their licence; scripts/embed-bundled-data.py writes the `BundledCSV+*.swift` files from them).
///
/// They are string literals rather than SwiftPM resources because `Bundle.module` on Linux looks
/// for its resource folder next to the executable: a `descent` binary copied elsewhere would
/// lose its data sets. Compiled in, they cost about 300 KB of binary and parse in milliseconds.
enum BundledCSV {}
