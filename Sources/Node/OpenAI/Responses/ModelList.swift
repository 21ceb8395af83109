/// `GET /v1/models`: the one model this node serves.
struct ModelList: Encodable {
    struct Model: Encodable {
        var id: String
        var object = "model"
        var created: Int
        var owned_by = "dcml"
    }
    var object = "list"
    var data: [Model]
}
