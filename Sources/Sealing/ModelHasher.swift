import Inference

/// modelH of a model on disk, fast: the same ``ModelManifest`` as ``ModelManifest/of(path:)``
/// (a test holds them equal), with reads on worker threads overlapping the hashing.
public enum ModelHasher {
    public static func manifest(of path: String, progress: SealProgress? = nil) throws(SealingError) -> ModelManifest {
        try ModelSource(path: path).manifest { progress?(.hashing, $0, $1) }
    }
}
