// NearLightClient
