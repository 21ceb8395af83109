import Testing
@testable import AttestedTLS
