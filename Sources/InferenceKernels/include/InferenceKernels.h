int dcml_kernels_placeholder(void);
