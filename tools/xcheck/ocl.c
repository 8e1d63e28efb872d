/* Small OpenCL host program for NEO AUB captures: two kernels (one with
 * local memory + barrier, one 2D), buffer write/copy/read. `./ocl auto` leaves the work-group
 * sizes to the driver (for products whose simulated device rejects the fixed ones). */
#define CL_TARGET_OPENCL_VERSION 120
#include <CL/cl.h>
#include <stdio.h>
#include <stdlib.h>

#define CK(x) do { cl_int e_ = (x); if (e_ != CL_SUCCESS) { fprintf(stderr, "%s -> %d\n", #x, e_); exit(1); } } while (0)

static const char *src =
   "__kernel void scale(__global float *a, __global const float *b, float k) {\n"
   "  __local float tmp[64]; size_t l = get_local_id(0), i = get_global_id(0);\n"
   "  tmp[l] = b[i]; barrier(CLK_LOCAL_MEM_FENCE);\n"
   "  a[i] = tmp[63 - l] * k + (float)i; }\n"
   "__kernel void grid(__global int *o, int w) {\n"
   "  int x = get_global_id(0), y = get_global_id(1);\n"
   "  o[y * w + x] = x * y + atomic_add(&o[0], 0); }\n";

int main(int argc, char **argv)
{
   int auto_local = argc > 1 && argv[1][0] == 'a';
   cl_platform_id plat; cl_uint np;
   CK(clGetPlatformIDs(1, &plat, &np));
   cl_device_id dev;
   CK(clGetDeviceIDs(plat, CL_DEVICE_TYPE_GPU, 1, &dev, NULL));
   char name[256]; clGetDeviceInfo(dev, CL_DEVICE_NAME, sizeof name, name, NULL);
   fprintf(stderr, "device: %s\n", name);
   cl_int err;
   cl_context ctx = clCreateContext(NULL, 1, &dev, NULL, NULL, &err); CK(err);
   cl_command_queue q = clCreateCommandQueue(ctx, dev, 0, &err); CK(err);
   cl_program p = clCreateProgramWithSource(ctx, 1, &src, NULL, &err); CK(err);
   err = clBuildProgram(p, 1, &dev, "", NULL, NULL);
   if (err) { char log[8192]; clGetProgramBuildInfo(p, dev, CL_PROGRAM_BUILD_LOG, sizeof log, log, NULL); fprintf(stderr, "%s\n", log); exit(1); }
   enum { N = 256, W = 16 };
   float hb[N], ha[N]; for (int i = 0; i < N; i++) hb[i] = i * 0.5f;
   cl_mem a = clCreateBuffer(ctx, CL_MEM_READ_WRITE, sizeof ha, NULL, &err); CK(err);
   cl_mem b = clCreateBuffer(ctx, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, sizeof hb, hb, &err); CK(err);
   cl_mem o = clCreateBuffer(ctx, CL_MEM_READ_WRITE, W * W * 4, NULL, &err); CK(err);
   cl_kernel k1 = clCreateKernel(p, "scale", &err); CK(err);
   cl_kernel k2 = clCreateKernel(p, "grid", &err); CK(err);
   float kk = 2.0f; int w = W;
   CK(clSetKernelArg(k1, 0, sizeof a, &a)); CK(clSetKernelArg(k1, 1, sizeof b, &b)); CK(clSetKernelArg(k1, 2, sizeof kk, &kk));
   CK(clSetKernelArg(k2, 0, sizeof o, &o)); CK(clSetKernelArg(k2, 1, sizeof w, &w));
   size_t g1 = N, l1 = 64, g2[2] = { W, W }, l2[2] = { 8, 8 };
   int zero = 0;
   CK(clEnqueueFillBuffer(q, o, &zero, 4, 0, W * W * 4, 0, NULL, NULL));
   CK(clEnqueueNDRangeKernel(q, k1, 1, NULL, &g1, auto_local ? NULL : &l1, 0, NULL, NULL));
   CK(clEnqueueNDRangeKernel(q, k2, 2, NULL, g2, auto_local ? NULL : l2, 0, NULL, NULL));
   CK(clEnqueueCopyBuffer(q, a, b, 0, 0, 64, 0, NULL, NULL));
   CK(clEnqueueReadBuffer(q, a, CL_TRUE, 0, sizeof ha, ha, 0, NULL, NULL));
   CK(clFinish(q));
   fprintf(stderr, "ok a[1]=%f\n", ha[1]);
   return 0;
}
