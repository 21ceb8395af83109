#include "InferenceKernels.h"
int dcml_kernels_placeholder(void) { return 0; }
