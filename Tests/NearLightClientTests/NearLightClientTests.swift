import Testing
@testable import NearLightClient
