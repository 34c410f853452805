#if canImport(Glibc)
import Glibc
#endif

/// Starts `body` on a new detached POSIX thread: each channel owns its socket on its own thread.
/// A `stackSize` of 0 keeps the platform's default stack.
func startThread(stackSize: Int = 0, _ body: @escaping () -> Void) {
    final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    if stackSize > 0 { pthread_attr_setstacksize(&attributes, stackSize) }
    var thread = pthread_t()
    pthread_create(&thread, &attributes, { argument in
        let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
        box.body()
        return nil
    }, box)
    pthread_detach(thread)
}
