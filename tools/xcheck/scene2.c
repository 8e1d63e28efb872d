/* Desktop GL 4.6 core scene over EGL surfaceless, to exercise more of the
 * command streamer: tessellation + geometry shaders, transform feedback,
 * MSAA + MRT + resolve, occlusion/pipeline-statistics/timestamp queries,
 * query buffer objects (MI_MATH), conditional rendering (MI_PREDICATE),
 * indirect draws / indirect-count draws / indirect compute
 * (MI_LOAD_REGISTER_MEM), image load/store, texture buffers, border colours,
 * copy image / clear texture (blorp). One glFinish at the end. */
#define GL_GLEXT_PROTOTYPES 1
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GL/glcorearb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "FAIL %s:%d %s\n", __FILE__, __LINE__, #x); exit(1);} } while (0)
static void glerr(const char *where)
{
   GLenum e = glGetError();
   if (e) fprintf(stderr, "GL error 0x%x at %s\n", e, where);
}

static void APIENTRY dbg(GLenum src, GLenum type, GLuint id, GLenum sev, GLsizei len, const GLchar *msg, const void *u)
{
   if (type == GL_DEBUG_TYPE_ERROR) fprintf(stderr, "GL debug: %s\n", msg);
}

static GLuint shader(GLenum type, const char *src)
{
   GLuint s = glCreateShader(type);
   glShaderSource(s, 1, &src, NULL);
   glCompileShader(s);
   GLint ok; glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
   if (!ok) { char log[4096]; glGetShaderInfoLog(s, sizeof log, NULL, log); fprintf(stderr, "%s\n%s\n", src, log); exit(1); }
   return s;
}

static GLuint link(GLuint p)
{
   glLinkProgram(p);
   GLint ok; glGetProgramiv(p, GL_LINK_STATUS, &ok);
   if (!ok) { char log[4096]; glGetProgramInfoLog(p, sizeof log, NULL, log); fprintf(stderr, "%s\n", log); exit(1); }
   return p;
}

static const char *VS =
   "#version 460 core\n"
   "layout(location=0) in vec3 pos; layout(location=1) in vec4 col;\n"
   "out vec4 v_col;\n"
   "void main(){ v_col = col; gl_Position = vec4(pos, 1.0); gl_PointSize = 3.0; }\n";
static const char *TCS =
   "#version 460 core\n"
   "layout(vertices=3) out; in vec4 v_col[]; out vec4 t_col[];\n"
   "uniform float lvl;\n"
   "void main(){ t_col[gl_InvocationID] = v_col[gl_InvocationID];\n"
   "  gl_out[gl_InvocationID].gl_Position = gl_in[gl_InvocationID].gl_Position;\n"
   "  gl_TessLevelInner[0] = lvl; gl_TessLevelOuter[0] = lvl; gl_TessLevelOuter[1] = lvl; gl_TessLevelOuter[2] = lvl; }\n";
static const char *TES =
   "#version 460 core\n"
   "layout(triangles, fractional_odd_spacing, ccw) in; in vec4 t_col[]; out vec4 e_col;\n"
   "void main(){ e_col = gl_TessCoord.x*t_col[0] + gl_TessCoord.y*t_col[1] + gl_TessCoord.z*t_col[2];\n"
   "  gl_Position = gl_TessCoord.x*gl_in[0].gl_Position + gl_TessCoord.y*gl_in[1].gl_Position + gl_TessCoord.z*gl_in[2].gl_Position; }\n";
static const char *GS =
   "#version 460 core\n"
   "layout(triangles) in; layout(triangle_strip, max_vertices=6) out;\n"
   "in vec4 e_col[]; out vec4 g_col;\n"
   "void main(){ for (int k = 0; k < 2; k++) { for (int i = 0; i < 3; i++) {\n"
   "  g_col = e_col[i]; gl_Position = gl_in[i].gl_Position + vec4(0.05*float(k), 0.0, 0.0, 0.0);\n"
   "  gl_Layer = 0; EmitVertex(); } EndPrimitive(); } }\n";
static const char *FS2 =
   "#version 460 core\n"
   "in vec4 g_col; layout(location=0) out vec4 o0; layout(location=1) out vec4 o1;\n"
   "uniform sampler2D tex; uniform samplerBuffer tb;\n"
   "void main(){ o0 = g_col * texture(tex, gl_FragCoord.xy/32.0); o1 = texelFetch(tb, int(gl_FragCoord.x) & 7) + vec4(gl_SampleID); }\n";
static const char *FSP =
   "#version 460 core\n"
   "in vec4 v_col; layout(location=0) out vec4 o0; layout(location=1) out vec4 o1;\n"
   "void main(){ o0 = v_col; o1 = vec4(gl_PointCoord, 0.0, 1.0); }\n";
static const char *VSXFB =
   "#version 460 core\n"
   "layout(location=0) in vec3 pos; out vec4 xo; out float xs;\n"
   "void main(){ xo = vec4(pos * 2.0, 1.0); xs = dot(pos, pos); gl_Position = xo; }\n";
static const char *CS =
   "#version 460 core\nlayout(local_size_x=8, local_size_y=8) in;\n"
   "layout(rgba8, binding=0) uniform writeonly image2D img;\n"
   "layout(std430, binding=2) buffer Cnt { uint count; uint pad[3]; };\n"
   "shared uint sh[64];\n"
   "void main(){ sh[gl_LocalInvocationIndex] = gl_LocalInvocationIndex; barrier();\n"
   "  ivec2 p = ivec2(gl_GlobalInvocationID.xy);\n"
   "  imageStore(img, p, vec4(float(sh[63u - gl_LocalInvocationIndex])/64.0, 0.5, 0.25, 1.0));\n"
   "  if (gl_LocalInvocationIndex == 0u) atomicAdd(count, 1u); }\n";

int main(int argc, char **argv)
{
   PFNEGLGETPLATFORMDISPLAYEXTPROC getdpy =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
   EGLDisplay dpy = getdpy(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   CHECK(dpy != EGL_NO_DISPLAY);
   EGLint maj, min;
   CHECK(eglInitialize(dpy, &maj, &min));
   CHECK(eglBindAPI(EGL_OPENGL_API));
   EGLint ctxattr[] = { EGL_CONTEXT_MAJOR_VERSION, 4, EGL_CONTEXT_MINOR_VERSION, 6,
                        EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT, EGL_NONE };
   EGLContext ctx = eglCreateContext(dpy, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, ctxattr);
   CHECK(ctx != EGL_NO_CONTEXT);
   CHECK(eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx));
   fprintf(stderr, "GL_RENDERER=%s\nGL_VERSION=%s\n", glGetString(GL_RENDERER), glGetString(GL_VERSION));
   const int W = 32, H = 32;
   glEnable(GL_DEBUG_OUTPUT); glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
   glDebugMessageCallback(dbg, NULL);

   /* ---------- resources ---------- */
   GLuint img; glCreateTextures(GL_TEXTURE_2D, 1, &img);
   glTextureStorage2D(img, 1, GL_RGBA8, W, H);
   GLuint cnt; glCreateBuffers(1, &cnt);
   static const GLuint zero4[4] = { 0, 0, 0, 0 };
   glNamedBufferStorage(cnt, 16, zero4, GL_DYNAMIC_STORAGE_BIT);
   GLuint dispatch_ind; glCreateBuffers(1, &dispatch_ind);
   static const GLuint dind[3] = { 4, 4, 1 };
   glNamedBufferStorage(dispatch_ind, sizeof dind, dind, 0);

   GLuint cs = glCreateProgram(); glAttachShader(cs, shader(GL_COMPUTE_SHADER, CS)); link(cs);

   GLuint msfbo, ms0, ms1, msd;
   glCreateRenderbuffers(1, &ms0); glNamedRenderbufferStorageMultisample(ms0, 4, GL_RGBA8, W, H);
   glCreateRenderbuffers(1, &ms1); glNamedRenderbufferStorageMultisample(ms1, 4, GL_RGBA16F, W, H);
   glCreateRenderbuffers(1, &msd); glNamedRenderbufferStorageMultisample(msd, 4, GL_DEPTH32F_STENCIL8, W, H);
   glCreateFramebuffers(1, &msfbo);
   glNamedFramebufferRenderbuffer(msfbo, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, ms0);
   glNamedFramebufferRenderbuffer(msfbo, GL_COLOR_ATTACHMENT1, GL_RENDERBUFFER, ms1);
   glNamedFramebufferRenderbuffer(msfbo, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, msd);
   static const GLenum bufs[2] = { GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1 };
   glNamedFramebufferDrawBuffers(msfbo, 2, bufs);
   CHECK(glCheckNamedFramebufferStatus(msfbo, GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);

   GLuint rfbo, r0; glCreateTextures(GL_TEXTURE_2D, 1, &r0); glTextureStorage2D(r0, 1, GL_RGBA8, W, H);
   glCreateFramebuffers(1, &rfbo); glNamedFramebufferTexture(rfbo, GL_COLOR_ATTACHMENT0, r0, 0);

   GLuint samp; glCreateSamplers(1, &samp);
   glSamplerParameteri(samp, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_BORDER);
   glSamplerParameteri(samp, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_BORDER);
   static const float border[4] = { 0.25f, 0.5f, 0.75f, 1.0f };
   glSamplerParameterfv(samp, GL_TEXTURE_BORDER_COLOR, border);
   glSamplerParameteri(samp, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
   glSamplerParameterf(samp, GL_TEXTURE_MAX_ANISOTROPY, 4.0f);

   float tbdata[32]; for (int i = 0; i < 32; i++) tbdata[i] = i / 32.0f;
   GLuint tbb, tbt; glCreateBuffers(1, &tbb); glNamedBufferStorage(tbb, sizeof tbdata, tbdata, 0);
   glCreateTextures(GL_TEXTURE_BUFFER, 1, &tbt); glTextureBuffer(tbt, GL_RGBA32F, tbb);

   static const float verts[] = {
      -0.8f, -0.8f, 0.1f,  1, 0, 0, 1,
       0.8f, -0.8f, 0.5f,  0, 1, 0, 1,
       0.0f,  0.8f, 0.9f,  0, 0, 1, 1,
      -0.5f,  0.5f, 0.3f,  1, 1, 1, 0.5f };
   static const GLuint idx[] = { 0, 1, 2, 0, 2, 3 };
   GLuint vbo, ibo, vao;
   glCreateBuffers(1, &vbo); glNamedBufferStorage(vbo, sizeof verts, verts, 0);
   glCreateBuffers(1, &ibo); glNamedBufferStorage(ibo, sizeof idx, idx, 0);
   glCreateVertexArrays(1, &vao);
   glVertexArrayVertexBuffer(vao, 0, vbo, 0, 28);
   glVertexArrayElementBuffer(vao, ibo);
   glEnableVertexArrayAttrib(vao, 0); glVertexArrayAttribFormat(vao, 0, 3, GL_FLOAT, GL_FALSE, 0); glVertexArrayAttribBinding(vao, 0, 0);
   glEnableVertexArrayAttrib(vao, 1); glVertexArrayAttribFormat(vao, 1, 4, GL_FLOAT, GL_FALSE, 12); glVertexArrayAttribBinding(vao, 1, 0);

   /* indirect draw buffers: {count, instanceCount, firstIndex, baseVertex, baseInstance} x2 + parameter count */
   static const GLuint dei[10] = { 3, 1, 0, 0, 0,   3, 2, 3, 0, 0 };
   GLuint drawind; glCreateBuffers(1, &drawind); glNamedBufferStorage(drawind, sizeof dei, dei, 0);
   static const GLuint pcount[1] = { 2 };
   GLuint pcb; glCreateBuffers(1, &pcb); glNamedBufferStorage(pcb, 4, pcount, 0);

   GLuint ptess = glCreateProgram();
   glAttachShader(ptess, shader(GL_VERTEX_SHADER, VS));
   glAttachShader(ptess, shader(GL_TESS_CONTROL_SHADER, TCS));
   glAttachShader(ptess, shader(GL_TESS_EVALUATION_SHADER, TES));
   glAttachShader(ptess, shader(GL_GEOMETRY_SHADER, GS));
   glAttachShader(ptess, shader(GL_FRAGMENT_SHADER, FS2));
   link(ptess);
   GLuint ppts = glCreateProgram();
   glAttachShader(ppts, shader(GL_VERTEX_SHADER, VS));
   glAttachShader(ppts, shader(GL_FRAGMENT_SHADER, FSP));
   link(ppts);
   GLuint pxfb = glCreateProgram();
   glAttachShader(pxfb, shader(GL_VERTEX_SHADER, VSXFB));
   static const char *varyings[] = { "xo", "xs" };
   glTransformFeedbackVaryings(pxfb, 2, varyings, GL_INTERLEAVED_ATTRIBS);
   link(pxfb);
   GLuint xfbbuf; glCreateBuffers(1, &xfbbuf); glNamedBufferStorage(xfbbuf, 4096, NULL, 0);
   GLuint xfb; glCreateTransformFeedbacks(1, &xfb); glTransformFeedbackBufferBase(xfb, 0, xfbbuf);

   GLuint qocc, qprim, qstat, qts0, qts1, qxfb;
   glCreateQueries(GL_SAMPLES_PASSED, 1, &qocc);
   glCreateQueries(GL_PRIMITIVES_GENERATED, 1, &qprim);
   glGenQueries(1, &qstat);
   glCreateQueries(GL_TIMESTAMP, 1, &qts0);
   glCreateQueries(GL_TIMESTAMP, 1, &qts1);
   glCreateQueries(GL_TRANSFORM_FEEDBACK_OVERFLOW, 1, &qxfb);
   GLuint qbo; glCreateBuffers(1, &qbo); glNamedBufferStorage(qbo, 256, NULL, 0);
   glerr("setup");

   /* ---------- compute (direct + indirect) ---------- */
   glUseProgram(cs);
   glBindImageTexture(0, img, 0, GL_FALSE, 0, GL_WRITE_ONLY, GL_RGBA8);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 2, cnt);
   glDispatchCompute(4, 4, 1);
   glBindBuffer(GL_DISPATCH_INDIRECT_BUFFER, dispatch_ind);
   glDispatchComputeIndirect(0);
   glMemoryBarrier(GL_ALL_BARRIER_BITS);
   glerr("compute");

   /* ---------- draws ---------- */
   glQueryCounter(qts0, GL_TIMESTAMP);
   glBindFramebuffer(GL_FRAMEBUFFER, msfbo);
   glViewport(0, 0, W, H);
   static const float c0[4] = { 0.0f, 0.1f, 0.2f, 1.0f }, c1[4] = { 0.5f, 0.5f, 0.5f, 0.5f };
   glClearNamedFramebufferfv(msfbo, GL_COLOR, 0, c0);
   glClearNamedFramebufferfv(msfbo, GL_COLOR, 1, c1);
   glClearNamedFramebufferfi(msfbo, GL_DEPTH_STENCIL, 0, 1.0f, 0);
   glEnable(GL_DEPTH_TEST); glDepthFunc(GL_LEQUAL);
   glEnable(GL_SAMPLE_ALPHA_TO_COVERAGE);
   glEnable(GL_POLYGON_OFFSET_FILL); glPolygonOffset(1.0f, 2.0f);
   glEnablei(GL_BLEND, 1); glBlendFunci(1, GL_ONE, GL_ONE); glBlendEquationi(1, GL_MAX);
   glColorMaski(0, GL_TRUE, GL_TRUE, GL_TRUE, GL_FALSE);

   glBindVertexArray(vao);
   glUseProgram(ptess);
   glUniform1f(glGetUniformLocation(ptess, "lvl"), 3.0f);
   glUniform1i(glGetUniformLocation(ptess, "tex"), 0);
   glUniform1i(glGetUniformLocation(ptess, "tb"), 1);
   glBindTextureUnit(0, img); glBindSampler(0, samp);
   glBindTextureUnit(1, tbt);
   glPatchParameteri(GL_PATCH_VERTICES, 3);
   glBeginQuery(GL_SAMPLES_PASSED, qocc);
   glBeginQuery(GL_PRIMITIVES_GENERATED, qprim);
   glBeginQuery(GL_VERTICES_SUBMITTED, qstat);
   glDrawElements(GL_PATCHES, 6, GL_UNSIGNED_INT, 0);
   glEndQuery(GL_VERTICES_SUBMITTED);
   glEndQuery(GL_PRIMITIVES_GENERATED);
   glEndQuery(GL_SAMPLES_PASSED);
   glerr("tess draw");

   /* query results into a buffer on the GPU (MI_MATH / SRM) */
   glBindBuffer(GL_QUERY_BUFFER, qbo);
   glGetQueryObjectui64v(qocc, GL_QUERY_RESULT, (GLuint64 *)0);
   glGetQueryObjectuiv(qprim, GL_QUERY_RESULT_NO_WAIT, (GLuint *)16);
   glGetQueryObjectuiv(qstat, GL_QUERY_RESULT, (GLuint *)24);
   glBindBuffer(GL_QUERY_BUFFER, 0);
   glerr("qbo");

   /* conditional rendering + indirect + indirect-count draws, points */
   glUseProgram(ppts);
   glEnable(GL_PROGRAM_POINT_SIZE);
   glBeginConditionalRender(qocc, GL_QUERY_WAIT);
   glDrawArrays(GL_POINTS, 0, 4);
   glEndConditionalRender();
   glBeginConditionalRender(qocc, GL_QUERY_NO_WAIT_INVERTED);
   glDrawArraysInstancedBaseInstance(GL_LINE_STRIP, 0, 4, 2, 1);
   glEndConditionalRender();
   glDisable(GL_POLYGON_OFFSET_FILL);
   glEnable(GL_STENCIL_TEST); glStencilFuncSeparate(GL_FRONT, GL_NOTEQUAL, 2, 0x0f);
   glStencilOpSeparate(GL_BACK, GL_INCR_WRAP, GL_DECR, GL_INVERT);
   glBindBuffer(GL_DRAW_INDIRECT_BUFFER, drawind);
   glDrawElementsIndirect(GL_TRIANGLES, GL_UNSIGNED_INT, 0);
   glBindBuffer(GL_PARAMETER_BUFFER, pcb);
   PFNGLMULTIDRAWELEMENTSINDIRECTCOUNTPROC mdeic =
      (PFNGLMULTIDRAWELEMENTSINDIRECTCOUNTPROC)eglGetProcAddress("glMultiDrawElementsIndirectCount");
   CHECK(mdeic);
   mdeic(GL_TRIANGLES, GL_UNSIGNED_INT, 0, 0, 2, 0);
   glDisable(GL_STENCIL_TEST);
   glerr("indirect draws");

   /* transform feedback with rasterizer discard */
   glUseProgram(pxfb);
   glEnable(GL_RASTERIZER_DISCARD);
   glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, xfb);
   glBeginQuery(GL_TRANSFORM_FEEDBACK_OVERFLOW, qxfb);
   glBeginTransformFeedback(GL_TRIANGLES);
   glDrawArrays(GL_TRIANGLES, 0, 3);
   glPauseTransformFeedback();
   glResumeTransformFeedback();
   glDrawArrays(GL_TRIANGLES, 1, 3);
   glEndTransformFeedback();
   glEndQuery(GL_TRANSFORM_FEEDBACK_OVERFLOW);
   glDisable(GL_RASTERIZER_DISCARD);
   glDrawTransformFeedback(GL_POINTS, xfb);
   glBindTransformFeedback(GL_TRANSFORM_FEEDBACK, 0);
   glerr("xfb");

   /* MSAA resolve, copies, clear-texture (blorp) */
   glBlitNamedFramebuffer(msfbo, rfbo, 0, 0, W, H, 0, 0, W, H, GL_COLOR_BUFFER_BIT, GL_NEAREST);
   glCopyImageSubData(r0, GL_TEXTURE_2D, 0, 0, 0, 0, img, GL_TEXTURE_2D, 0, 8, 8, 0, 16, 16, 1);
   static const unsigned char red[4] = { 255, 0, 0, 255 };
   glClearTexSubImage(r0, 0, 0, 0, 0, 4, 4, 1, GL_RGBA, GL_UNSIGNED_BYTE, red);
   glCopyNamedBufferSubData(tbb, xfbbuf, 0, 1024, 64);
   glQueryCounter(qts1, GL_TIMESTAMP);
   glBindBuffer(GL_QUERY_BUFFER, qbo);
   glGetQueryObjectui64v(qts1, GL_QUERY_RESULT, (GLuint64 *)64);
   glGetQueryObjectuiv(qxfb, GL_QUERY_RESULT, (GLuint *)80);
   glBindBuffer(GL_QUERY_BUFFER, 0);
   glerr("blorp");

   glFinish();
   glerr("finish");
   fprintf(stderr, "done\n");
   eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
   eglDestroyContext(dpy, ctx);
   eglTerminate(dpy);
   return 0;
}
