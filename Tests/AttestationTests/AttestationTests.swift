import Testing
@testable import Attestation
