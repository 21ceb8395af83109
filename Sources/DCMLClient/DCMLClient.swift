// The Swift SDK.
