import Testing
@testable import DCMLClient
