/// `GET /v1/models`: the one model this node serves.
struct ModelList: Encodable {
    struct Model: Encodable {
        var id: String
        var object = "model"
        var created: Int
        var owned_by = "dcml"
        /// vLLM's extension: lets clients (and a node in front of this one) size requests.
        var max_model_len: Int
    }
    var object = "list"
    var data: [Model]
}
