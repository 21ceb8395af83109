import Testing
@testable import Devnet
