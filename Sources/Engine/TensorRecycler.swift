import Interruption

/// Tensor objects a thread made, kept so that each can be made again once nothing but the
/// recycler holds it: how a training step, which makes the same tensors every step, takes no
/// tensor object from malloc (its storage comes from `StoragePool`, its graph node from the
/// thread's spare nodes).
///
/// Swift hands a class instance's memory back to malloc with its last reference, so a tensor
/// cannot be pooled from its `deinit` as its storage is. Instead the recycler holds every tensor
/// it made, and `Tensor.make` looks at a few of them, clock-wise, for one whose only reference
/// is the recycler's own (`isKnownUniquelyReferenced`): that tensor is dead to everyone else,
/// and is made anew in place. A slot whose tensor is still alive is given to the next new
/// tensor, so long-lived tensors leave the ring as the program makes new ones.
///
/// What a dead tensor holds (its storage, its graph) is released when its slot is next reached,
/// within `capacity` new tensors, or at once by `drain()`, which `Storage.make` runs before it
/// reports a MemoryError. Tensors over more than `maxBytes` of storage are neither kept nor made
/// anew (one malloc is nothing next to half a megabyte of values), which bounds what dead tensors
/// hold by their own storage to `capacity × maxBytes`; their graphs may hold more, as a live
/// tensor's would.
///
/// Per thread (in `ThreadState`), so that no lock is taken; a tensor another thread still holds
/// is not unique, and once it lets go, the uniqueness check sees it (the release is atomic).
/// A class, and every slot emptied before the tensor it held is dropped: a dropped tensor's
/// `deinit` may call back in here (`Tensor.isUnique`), which must not find an access under way.
///
/// Its two variables are exempt from exclusivity checks, which cost 2% of a small training loop:
/// only its own thread reaches them, and no method runs inside another (see above).
final class TensorRecycler {
    @exclusivity(unchecked) private var slots: [Tensor?] = []
    /// The slot `take` looked at last: where `keep` puts a new tensor.
    @exclusivity(unchecked) private(set) var hand = 0

    /// Slots: about three steps of the lecture's loops, whose tensors of one step die during the
    /// next (`loss` and `y_pred` hold them until reassigned), so that the hand finds them dead.
    static let capacity = 64
    /// How many slots one request looks at before it makes a new tensor. A few: each miss moves
    /// the hand on by this many, back towards the tensors the step just made, still alive.
    static let probes = 4
    /// The largest storage a kept tensor may hold (the lecture's largest weight is 400 kB):
    /// larger tensors are neither kept nor remade.
    static let maxBytes = 512 << 10

    /// A tensor nothing else holds, to be made anew, or nil; `hand` is then the slot to keep a
    /// new tensor in.
    func take() -> Tensor? {
        if slots.isEmpty { slots = Array(repeating: nil, count: Self.capacity) }
        for _ in 0..<Self.probes {
            hand = (hand + 1) % Self.capacity
            // An empty slot takes the new tensor: probing past it left three slots in four empty.
            guard slots[hand] != nil else { return nil }
            if isKnownUniquelyReferenced(&slots[hand]) { return slots[hand] }
        }
        return nil
    }

    /// Keeps `tensor`, made because `take` found none, in the slot `take` stopped at (`hand`,
    /// its `recyclerSlot`); a tensor still alive there is no longer the recycler's.
    func keep(_ tensor: Tensor) {
        withExtendedLifetime(slots[hand]) { slots[hand] = tensor }
    }

    /// Whether the caller's `t` and this recycler are all that hold `t`: the recycler lets go of
    /// it for the check (the caller's reference keeps it alive) and takes it back.
    func holdsOnlyOtherReference(to t: inout Tensor) -> Bool {
        let i = t.recyclerSlot
        guard i >= 0, i < slots.count, slots[i] === t else { return false }
        slots[i] = nil
        defer { slots[i] = t }
        return isKnownUniquelyReferenced(&t)
    }

    /// Releases every kept tensor nothing else holds, with what it holds, until none is left
    /// (a dead tensor's graph may hold the last reference to another kept tensor).
    func drain() {
        var released = true
        while released {
            released = false
            for i in slots.indices where isKnownUniquelyReferenced(&slots[i]) {
                withExtendedLifetime(slots[i]) { slots[i] = nil }
                released = true
            }
        }
    }
}

extension Tensor {
    /// Whether nothing but the caller's reference holds `t`, not counting this thread's
    /// recycler: what `isKnownUniquelyReferenced` answered before tensors were recycled. A tensor
    /// in another thread's recycler is never unique here, which only costs a copy or a later release.
    static func isUnique(_ t: inout Tensor) -> Bool {
        isKnownUniquelyReferenced(&t) || ThreadState.current.recycler.holdsOnlyOtherReference(to: &t)
    }

    /// Releases the dead tensors this thread's recycler still holds, with their storage and
    /// graphs, as their `deinit` would have: memory back at once, and a weak reference to a dead
    /// tensor that turns nil (until then, a weak reference does not tell that a tensor died, and
    /// the object may be made again as another tensor).
    public static func releaseRecycled() { ThreadState.current.recycler.drain() }
}

extension Memory {
    /// Tensor objects the engine made on this thread from malloc, not remade: a debug counter
    /// that a warm training step leaves where it was.
    public static var freshTensorObjects: Int { ThreadState.current.freshTensors }
    /// Graph nodes this thread took from malloc, not from its spares: a debug counter that a warm
    /// training step leaves where it was.
    public static var freshGraphNodes: Int { ThreadState.current.freshNodes }
}
