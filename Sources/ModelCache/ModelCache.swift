// ModelCache
