/* Tiny EGL-surfaceless GLES 3.1 scene for AUB capture cross-checks.
 * clear (color+depth+stencil) -> textured triangle (DrawArrays)
 * -> indexed instanced draw with blending/depth/stencil -> compute dispatch
 * (SSBO) -> mipmap generation + blit (blorp) -> glReadPixels + glFinish. */
#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl31.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "FAIL %s:%d %s\n", __FILE__, __LINE__, #x); exit(1);} } while (0)

static GLuint shader(GLenum type, const char *src)
{
   GLuint s = glCreateShader(type);
   glShaderSource(s, 1, &src, NULL);
   glCompileShader(s);
   GLint ok; glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
   if (!ok) { char log[4096]; glGetShaderInfoLog(s, sizeof log, NULL, log); fprintf(stderr, "%s\n", log); exit(1); }
   return s;
}

static GLuint program(const char *vs, const char *fs)
{
   GLuint p = glCreateProgram();
   glAttachShader(p, shader(GL_VERTEX_SHADER, vs));
   glAttachShader(p, shader(GL_FRAGMENT_SHADER, fs));
   glLinkProgram(p);
   GLint ok; glGetProgramiv(p, GL_LINK_STATUS, &ok); CHECK(ok);
   return p;
}

int main(int argc, char **argv)
{
   int frames = argc > 1 ? atoi(argv[1]) : 1;
   int readback = argc > 2 ? atoi(argv[2]) : 0;
   int do_compute = argc > 3 ? atoi(argv[3]) : 1;
   int do_blit = argc > 4 ? atoi(argv[4]) : 1;
   PFNEGLGETPLATFORMDISPLAYEXTPROC getdpy =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)eglGetProcAddress("eglGetPlatformDisplayEXT");
   CHECK(getdpy);
   EGLDisplay dpy = getdpy(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
   CHECK(dpy != EGL_NO_DISPLAY);
   EGLint maj, min;
   CHECK(eglInitialize(dpy, &maj, &min));
   CHECK(eglBindAPI(EGL_OPENGL_ES_API));
   EGLint cattr[] = { EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT, EGL_NONE };
   EGLConfig cfg; EGLint n = 0;
   eglChooseConfig(dpy, cattr, &cfg, 1, &n);
   EGLint ctxattr[] = { EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 1, EGL_NONE };
   EGLContext ctx = eglCreateContext(dpy, n ? cfg : EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, ctxattr);
   CHECK(ctx != EGL_NO_CONTEXT);
   CHECK(eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, ctx));
   fprintf(stderr, "GL_RENDERER=%s\nGL_VERSION=%s\n", glGetString(GL_RENDERER), glGetString(GL_VERSION));

   const int W = 64, H = 64;
   GLuint fbo, color, ds;
   glGenTextures(1, &color);
   glBindTexture(GL_TEXTURE_2D, color);
   glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, W, H);
   glGenRenderbuffers(1, &ds);
   glBindRenderbuffer(GL_RENDERBUFFER, ds);
   glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
   glGenFramebuffers(1, &fbo);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo);
   glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color, 0);
   glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, ds);
   CHECK(glCheckFramebufferStatus(GL_FRAMEBUFFER) == GL_FRAMEBUFFER_COMPLETE);

   /* 16x16 checker texture with mipmaps */
   unsigned char tex[16 * 16 * 4];
   for (int i = 0; i < 16 * 16; i++) {
      int c = ((i % 16) / 4 + (i / 64)) & 1;
      tex[i * 4 + 0] = c ? 255 : 30; tex[i * 4 + 1] = 80; tex[i * 4 + 2] = c ? 30 : 255; tex[i * 4 + 3] = 200;
   }
   GLuint t;
   glGenTextures(1, &t);
   glBindTexture(GL_TEXTURE_2D, t);
   glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, 16, 16, 0, GL_RGBA, GL_UNSIGNED_BYTE, tex);
   glGenerateMipmap(GL_TEXTURE_2D);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
   glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_MIRRORED_REPEAT);

   GLuint p1 = program(
      "#version 310 es\n"
      "layout(location=0) in vec2 pos; layout(location=1) in vec2 uv;\n"
      "out vec2 v_uv;\n"
      "void main(){ v_uv = uv; gl_Position = vec4(pos, 0.5, 1.0); }\n",
      "#version 310 es\nprecision mediump float;\n"
      "uniform sampler2D s; in vec2 v_uv; out vec4 o;\n"
      "void main(){ o = texture(s, v_uv); }\n");
   GLuint p2 = program(
      "#version 310 es\n"
      "layout(location=0) in vec3 pos; layout(location=1) in vec4 col;\n"
      "layout(std140) uniform U { vec4 offs[4]; float scale; };\n"
      "out vec4 v_col;\n"
      "void main(){ v_col = col; gl_Position = vec4(pos * scale + offs[gl_InstanceID].xyz, 1.0); }\n",
      "#version 310 es\nprecision highp float;\n"
      "in vec4 v_col; out vec4 o; uniform float k;\n"
      "void main(){ o = v_col * k + vec4(gl_FragCoord.xy / 64.0, 0.0, 0.0); }\n");
   GLuint cs = glCreateProgram();
   glAttachShader(cs, shader(GL_COMPUTE_SHADER,
      "#version 310 es\nlayout(local_size_x=16) in;\n"
      "layout(std430, binding=0) buffer B { uint v[]; };\n"
      "uniform uint mulv;\n"
      "void main(){ uint i = gl_GlobalInvocationID.x; v[i] = v[i] * mulv + i; }\n"));
   glLinkProgram(cs);
   { GLint ok; glGetProgramiv(cs, GL_LINK_STATUS, &ok); CHECK(ok); }

   static const float tri[] = { -0.9f, -0.9f, 0, 0,   0.9f, -0.9f, 2, 0,   0.0f, 0.9f, 1, 2 };
   static const float quad[] = {
      -0.3f, -0.3f, 0.2f, 1, 0, 0, 0.6f,
       0.3f, -0.3f, 0.4f, 0, 1, 0, 0.6f,
       0.3f,  0.3f, 0.6f, 0, 0, 1, 0.6f,
      -0.3f,  0.3f, 0.8f, 1, 1, 0, 0.6f };
   static const unsigned short idx[] = { 0, 1, 2, 0, 2, 3 };
   GLuint vao[2], vbo[3];
   glGenVertexArrays(2, vao);
   glGenBuffers(3, vbo);
   glBindVertexArray(vao[0]);
   glBindBuffer(GL_ARRAY_BUFFER, vbo[0]);
   glBufferData(GL_ARRAY_BUFFER, sizeof tri, tri, GL_STATIC_DRAW);
   glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 16, (void *)0);
   glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 16, (void *)8);
   glEnableVertexAttribArray(0); glEnableVertexAttribArray(1);
   glBindVertexArray(vao[1]);
   glBindBuffer(GL_ARRAY_BUFFER, vbo[1]);
   glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
   glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 28, (void *)0);
   glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, 28, (void *)12);
   glEnableVertexAttribArray(0); glEnableVertexAttribArray(1);
   glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, vbo[2]);
   glBufferData(GL_ELEMENT_ARRAY_BUFFER, sizeof idx, idx, GL_STATIC_DRAW);

   GLuint ubo, ssbo;
   float u[17] = { -0.4f, -0.4f, 0, 0,  0.4f, -0.4f, 0, 0,  0.4f, 0.4f, 0, 0,  -0.4f, 0.4f, 0, 0,  0.8f };
   glGenBuffers(1, &ubo);
   glBindBuffer(GL_UNIFORM_BUFFER, ubo);
   glBufferData(GL_UNIFORM_BUFFER, sizeof u, u, GL_DYNAMIC_DRAW);
   glUniformBlockBinding(p2, glGetUniformBlockIndex(p2, "U"), 1);
   glBindBufferBase(GL_UNIFORM_BUFFER, 1, ubo);
   unsigned int sdata[256];
   for (int i = 0; i < 256; i++) sdata[i] = i;
   glGenBuffers(1, &ssbo);
   glBindBuffer(GL_SHADER_STORAGE_BUFFER, ssbo);
   glBufferData(GL_SHADER_STORAGE_BUFFER, sizeof sdata, sdata, GL_DYNAMIC_COPY);
   glBindBufferBase(GL_SHADER_STORAGE_BUFFER, 0, ssbo);

   GLuint fbo2, color2;
   glGenRenderbuffers(1, &color2);
   glBindRenderbuffer(GL_RENDERBUFFER, color2);
   glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, 32, 32);
   glGenFramebuffers(1, &fbo2);
   glBindFramebuffer(GL_FRAMEBUFFER, fbo2);
   glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color2);

   for (int f = 0; f < frames; f++) {
      if (do_compute) {
      glUseProgram(cs);
      glUniform1ui(glGetUniformLocation(cs, "mulv"), 3u + f);
      glDispatchCompute(16, 1, 1);
      glMemoryBarrier(GL_SHADER_STORAGE_BARRIER_BIT | GL_BUFFER_UPDATE_BARRIER_BIT);
      }
      glBindFramebuffer(GL_FRAMEBUFFER, fbo);
      glViewport(0, 0, W, H);
      glClearColor(0.1f, 0.2f, 0.3f + 0.1f * f, 1.0f);
      glClearDepthf(1.0f);
      glClearStencil(0);
      glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT | GL_STENCIL_BUFFER_BIT);

      glEnable(GL_DEPTH_TEST);
      glDepthFunc(GL_LESS);
      glEnable(GL_STENCIL_TEST);
      glStencilFunc(GL_ALWAYS, 1, 0xff);
      glStencilOp(GL_KEEP, GL_KEEP, GL_REPLACE);
      glUseProgram(p1);
      glActiveTexture(GL_TEXTURE0);
      glBindTexture(GL_TEXTURE_2D, t);
      glUniform1i(glGetUniformLocation(p1, "s"), 0);
      glBindVertexArray(vao[0]);
      glDrawArrays(GL_TRIANGLES, 0, 3);

      glEnable(GL_BLEND);
      glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ZERO);
      glStencilFunc(GL_EQUAL, 1, 0xff);
      glStencilOp(GL_KEEP, GL_KEEP, GL_KEEP);
      glEnable(GL_CULL_FACE);
      glUseProgram(p2);
      glUniform1f(glGetUniformLocation(p2, "k"), 0.9f);
      glBindVertexArray(vao[1]);
      glDrawElementsInstanced(GL_TRIANGLES, 6, GL_UNSIGNED_SHORT, 0, 4);
      glDisable(GL_BLEND);
      glDisable(GL_STENCIL_TEST);
      glDisable(GL_DEPTH_TEST);
      glDisable(GL_CULL_FACE);


      if (do_blit) {
      glBindFramebuffer(GL_READ_FRAMEBUFFER, fbo);
      glBindFramebuffer(GL_DRAW_FRAMEBUFFER, fbo2);
      glBlitFramebuffer(0, 0, W, H, 0, 0, 32, 32, GL_COLOR_BUFFER_BIT, GL_LINEAR);
      }
      glBindFramebuffer(GL_FRAMEBUFFER, fbo2);
      unsigned char px[4] = {0};
      if (readback) {
         glReadPixels(16, 16, 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, px);
         glBindBuffer(GL_SHADER_STORAGE_BUFFER, ssbo);
         unsigned int *m = glMapBufferRange(GL_SHADER_STORAGE_BUFFER, 0, 64, GL_MAP_READ_BIT);
         if (m) glUnmapBuffer(GL_SHADER_STORAGE_BUFFER);
      }
      glFinish();
      fprintf(stderr, "frame %d px=%02x%02x%02x%02x err=0x%x\n", f, px[0], px[1], px[2], px[3], glGetError());
   }
   eglMakeCurrent(dpy, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
   eglDestroyContext(dpy, ctx);
   eglTerminate(dpy);
   return 0;
}
