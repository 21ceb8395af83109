import Testing
@testable import Sealing
