import Testing
@testable import Node
