/* Small Vulkan scene for AUB capture cross-checks (anv / hasvk under the
 * noop drm-shim): compute dispatch + indirect dispatch, render pass with a
 * secondary command buffer (indexed + indirect draws, push constants, UBO),
 * occlusion + timestamp queries, image->buffer copy, fill/copy buffer. */
#include <vulkan/vulkan.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tri_vert.h"
#include "tri_frag.h"
#include "comp_comp.h"

#define VK(x) do { VkResult r_ = (x); if (r_ != VK_SUCCESS) { fprintf(stderr, "%s:%d %s -> %d\n", __FILE__, __LINE__, #x, r_); exit(1); } } while (0)

static VkDevice dev;
static VkPhysicalDeviceMemoryProperties memprops;

static uint32_t memtype(uint32_t bits, VkMemoryPropertyFlags want)
{
   for (uint32_t i = 0; i < memprops.memoryTypeCount; i++)
      if ((bits & (1u << i)) && (memprops.memoryTypes[i].propertyFlags & want) == want)
         return i;
   fprintf(stderr, "no memtype\n"); exit(1);
}

static VkBuffer mkbuf(VkDeviceSize size, VkBufferUsageFlags usage, VkDeviceMemory *mem, void **map)
{
   VkBufferCreateInfo bci = { VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO, .size = size, .usage = usage };
   VkBuffer b; VK(vkCreateBuffer(dev, &bci, NULL, &b));
   VkMemoryRequirements mr; vkGetBufferMemoryRequirements(dev, b, &mr);
   VkMemoryAllocateInfo mai = { VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = mr.size,
      .memoryTypeIndex = memtype(mr.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) };
   VK(vkAllocateMemory(dev, &mai, NULL, mem));
   VK(vkBindBufferMemory(dev, b, *mem, 0));
   if (map) VK(vkMapMemory(dev, *mem, 0, size, 0, map));
   return b;
}

static VkImage mkimg(VkFormat fmt, VkImageUsageFlags usage, VkImageAspectFlags aspect, VkImageView *view)
{
   VkImageCreateInfo ici = { VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO, .imageType = VK_IMAGE_TYPE_2D, .format = fmt,
      .extent = { 64, 64, 1 }, .mipLevels = 1, .arrayLayers = 1, .samples = VK_SAMPLE_COUNT_1_BIT,
      .tiling = VK_IMAGE_TILING_OPTIMAL, .usage = usage, .initialLayout = VK_IMAGE_LAYOUT_UNDEFINED };
   VkImage img; VK(vkCreateImage(dev, &ici, NULL, &img));
   VkMemoryRequirements mr; vkGetImageMemoryRequirements(dev, img, &mr);
   VkMemoryAllocateInfo mai = { VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO, .allocationSize = mr.size,
      .memoryTypeIndex = memtype(mr.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT) };
   VkDeviceMemory m; VK(vkAllocateMemory(dev, &mai, NULL, &m));
   VK(vkBindImageMemory(dev, img, m, 0));
   VkImageViewCreateInfo vci = { VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO, .image = img, .viewType = VK_IMAGE_VIEW_TYPE_2D,
      .format = fmt, .subresourceRange = { aspect, 0, 1, 0, 1 } };
   VK(vkCreateImageView(dev, &vci, NULL, view));
   return img;
}

static VkShaderModule mkshader(const uint32_t *code, size_t size)
{
   VkShaderModuleCreateInfo ci = { VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO, .codeSize = size, .pCode = code };
   VkShaderModule m; VK(vkCreateShaderModule(dev, &ci, NULL, &m)); return m;
}

int main(void)
{
   VkApplicationInfo ai = { VK_STRUCTURE_TYPE_APPLICATION_INFO, .pApplicationName = "vkscene", .apiVersion = VK_API_VERSION_1_1 };
   VkInstanceCreateInfo ici = { VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO, .pApplicationInfo = &ai };
   VkInstance inst; VK(vkCreateInstance(&ici, NULL, &inst));
   uint32_t n = 8; VkPhysicalDevice pds[8]; VK(vkEnumeratePhysicalDevices(inst, &n, pds));
   VkPhysicalDevice pd = VK_NULL_HANDLE;
   for (uint32_t i = 0; i < n; i++) {
      VkPhysicalDeviceProperties p; vkGetPhysicalDeviceProperties(pds[i], &p);
      fprintf(stderr, "physdev %u: %s (0x%04x)\n", i, p.deviceName, p.deviceID);
      if (p.vendorID == 0x8086 && pd == VK_NULL_HANDLE) pd = pds[i];
   }
   if (!pd) { fprintf(stderr, "no intel device\n"); return 1; }
   vkGetPhysicalDeviceMemoryProperties(pd, &memprops);
   uint32_t qfc = 8; VkQueueFamilyProperties qfp[8]; vkGetPhysicalDeviceQueueFamilyProperties(pd, &qfc, qfp);
   uint32_t qf = 0; while (!(qfp[qf].queueFlags & VK_QUEUE_GRAPHICS_BIT)) qf++;
   float prio = 1.0f;
   VkDeviceQueueCreateInfo dqci = { VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO, .queueFamilyIndex = qf, .queueCount = 1, .pQueuePriorities = &prio };
   VkDeviceCreateInfo dci = { VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, .queueCreateInfoCount = 1, .pQueueCreateInfos = &dqci };
   VK(vkCreateDevice(pd, &dci, NULL, &dev));
   VkQueue q; vkGetDeviceQueue(dev, qf, 0, &q);

   /* buffers */
   VkDeviceMemory m_vb, m_ib, m_ind, m_ssbo, m_ubo, m_rb, m_q;
   float *vb; VkBuffer b_vb = mkbuf(4096, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT, &m_vb, (void **)&vb);
   static const float verts[] = { -0.5f, -0.5f, 1, 0, 0,   0.5f, -0.5f, 0, 1, 0,   0.0f, 0.5f, 0, 0, 1,  -0.5f, 0.5f, 1, 1, 1 };
   memcpy(vb, verts, sizeof verts);
   uint16_t *ib; VkBuffer b_ib = mkbuf(256, VK_BUFFER_USAGE_INDEX_BUFFER_BIT, &m_ib, (void **)&ib);
   static const uint16_t idx[] = { 0, 1, 2, 0, 2, 3 }; memcpy(ib, idx, sizeof idx);
   uint32_t *ind; VkBuffer b_ind = mkbuf(256, VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT, &m_ind, (void **)&ind);
   VkDrawIndirectCommand dic = { 3, 2, 0, 0 }; memcpy(ind, &dic, sizeof dic);
   VkDispatchIndirectCommand dsp = { 2, 1, 1 }; memcpy(ind + 16, &dsp, sizeof dsp);
   uint32_t *ss; VkBuffer b_ssbo = mkbuf(4096, VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT, &m_ssbo, (void **)&ss);
   for (int i = 0; i < 1024; i++) ss[i] = i;
   float *ub; VkBuffer b_ubo = mkbuf(256, VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT, &m_ubo, (void **)&ub);
   ub[0] = 1.0f; ub[1] = 0.8f; ub[2] = 0.6f; ub[3] = 1.0f;
   VkBuffer b_rb = mkbuf(64 * 64 * 4, VK_BUFFER_USAGE_TRANSFER_DST_BIT, &m_rb, NULL);
   VkBuffer b_q = mkbuf(256, VK_BUFFER_USAGE_TRANSFER_DST_BIT, &m_q, NULL);

   /* images */
   VkImageView cview, dview;
   VkImage cimg = mkimg(VK_FORMAT_R8G8B8A8_UNORM, VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT, VK_IMAGE_ASPECT_COLOR_BIT, &cview);
   mkimg(VK_FORMAT_D32_SFLOAT, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, VK_IMAGE_ASPECT_DEPTH_BIT, &dview);

   /* render pass */
   VkAttachmentDescription att[2] = {
      { 0, VK_FORMAT_R8G8B8A8_UNORM, VK_SAMPLE_COUNT_1_BIT, VK_ATTACHMENT_LOAD_OP_CLEAR, VK_ATTACHMENT_STORE_OP_STORE,
        VK_ATTACHMENT_LOAD_OP_DONT_CARE, VK_ATTACHMENT_STORE_OP_DONT_CARE, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL },
      { 0, VK_FORMAT_D32_SFLOAT, VK_SAMPLE_COUNT_1_BIT, VK_ATTACHMENT_LOAD_OP_CLEAR, VK_ATTACHMENT_STORE_OP_DONT_CARE,
        VK_ATTACHMENT_LOAD_OP_DONT_CARE, VK_ATTACHMENT_STORE_OP_DONT_CARE, VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL } };
   VkAttachmentReference cref = { 0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL }, dref = { 1, VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL };
   VkSubpassDescription sp = { 0, VK_PIPELINE_BIND_POINT_GRAPHICS, .colorAttachmentCount = 1, .pColorAttachments = &cref, .pDepthStencilAttachment = &dref };
   VkRenderPassCreateInfo rpci = { VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO, .attachmentCount = 2, .pAttachments = att, .subpassCount = 1, .pSubpasses = &sp };
   VkRenderPass rp; VK(vkCreateRenderPass(dev, &rpci, NULL, &rp));
   VkImageView views[2] = { cview, dview };
   VkFramebufferCreateInfo fci = { VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO, .renderPass = rp, .attachmentCount = 2, .pAttachments = views, .width = 64, .height = 64, .layers = 1 };
   VkFramebuffer fb; VK(vkCreateFramebuffer(dev, &fci, NULL, &fb));

   /* descriptors */
   VkDescriptorSetLayoutBinding gb = { 0, VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1, VK_SHADER_STAGE_FRAGMENT_BIT };
   VkDescriptorSetLayoutBinding cb = { 0, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1, VK_SHADER_STAGE_COMPUTE_BIT };
   VkDescriptorSetLayoutCreateInfo dl = { VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO, .bindingCount = 1, .pBindings = &gb };
   VkDescriptorSetLayout gdsl, cdsl; VK(vkCreateDescriptorSetLayout(dev, &dl, NULL, &gdsl));
   dl.pBindings = &cb; VK(vkCreateDescriptorSetLayout(dev, &dl, NULL, &cdsl));
   VkDescriptorPoolSize ps[2] = { { VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, 1 }, { VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1 } };
   VkDescriptorPoolCreateInfo dpci = { VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO, .maxSets = 2, .poolSizeCount = 2, .pPoolSizes = ps };
   VkDescriptorPool dp; VK(vkCreateDescriptorPool(dev, &dpci, NULL, &dp));
   VkDescriptorSetLayout layouts[2] = { gdsl, cdsl };
   VkDescriptorSetAllocateInfo dsai = { VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO, .descriptorPool = dp, .descriptorSetCount = 2, .pSetLayouts = layouts };
   VkDescriptorSet sets[2]; VK(vkAllocateDescriptorSets(dev, &dsai, sets));
   VkDescriptorBufferInfo ubi = { b_ubo, 0, 16 }, sbi = { b_ssbo, 0, 4096 };
   VkWriteDescriptorSet w[2] = {
      { VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = sets[0], .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, .pBufferInfo = &ubi },
      { VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET, .dstSet = sets[1], .descriptorCount = 1, .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, .pBufferInfo = &sbi } };
   vkUpdateDescriptorSets(dev, 2, w, 0, NULL);

   /* pipelines */
   VkPushConstantRange gpcr = { VK_SHADER_STAGE_VERTEX_BIT, 0, 16 }, cpcr = { VK_SHADER_STAGE_COMPUTE_BIT, 0, 4 };
   VkPipelineLayoutCreateInfo plci = { VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO, .setLayoutCount = 1, .pSetLayouts = &gdsl, .pushConstantRangeCount = 1, .pPushConstantRanges = &gpcr };
   VkPipelineLayout gpl, cpl; VK(vkCreatePipelineLayout(dev, &plci, NULL, &gpl));
   plci.pSetLayouts = &cdsl; plci.pPushConstantRanges = &cpcr; VK(vkCreatePipelineLayout(dev, &plci, NULL, &cpl));
   VkComputePipelineCreateInfo cpci = { VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
      .stage = { VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_COMPUTE_BIT, .module = mkshader(comp_comp, sizeof comp_comp), .pName = "main" },
      .layout = cpl };
   VkPipeline cpipe; VK(vkCreateComputePipelines(dev, VK_NULL_HANDLE, 1, &cpci, NULL, &cpipe));
   VkPipelineShaderStageCreateInfo st[2] = {
      { VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_VERTEX_BIT, .module = mkshader(tri_vert, sizeof tri_vert), .pName = "main" },
      { VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO, .stage = VK_SHADER_STAGE_FRAGMENT_BIT, .module = mkshader(tri_frag, sizeof tri_frag), .pName = "main" } };
   VkVertexInputBindingDescription vbd = { 0, 20, VK_VERTEX_INPUT_RATE_VERTEX };
   VkVertexInputAttributeDescription vad[2] = { { 0, 0, VK_FORMAT_R32G32_SFLOAT, 0 }, { 1, 0, VK_FORMAT_R32G32B32_SFLOAT, 8 } };
   VkPipelineVertexInputStateCreateInfo vis = { VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO, .vertexBindingDescriptionCount = 1, .pVertexBindingDescriptions = &vbd, .vertexAttributeDescriptionCount = 2, .pVertexAttributeDescriptions = vad };
   VkPipelineInputAssemblyStateCreateInfo ias = { VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO, .topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST };
   VkViewport vp = { 0, 0, 64, 64, 0, 1 }; VkRect2D sc = { { 0, 0 }, { 64, 64 } };
   VkPipelineViewportStateCreateInfo vps = { VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO, .viewportCount = 1, .pViewports = &vp, .scissorCount = 1, .pScissors = &sc };
   VkPipelineRasterizationStateCreateInfo rs = { VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO, .polygonMode = VK_POLYGON_MODE_FILL, .cullMode = VK_CULL_MODE_NONE, .frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE, .lineWidth = 1.0f };
   VkPipelineMultisampleStateCreateInfo ms = { VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO, .rasterizationSamples = VK_SAMPLE_COUNT_1_BIT };
   VkPipelineDepthStencilStateCreateInfo dss = { VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO, .depthTestEnable = VK_TRUE, .depthWriteEnable = VK_TRUE, .depthCompareOp = VK_COMPARE_OP_LESS };
   VkPipelineColorBlendAttachmentState cba = { VK_TRUE, VK_BLEND_FACTOR_SRC_ALPHA, VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA, VK_BLEND_OP_ADD, VK_BLEND_FACTOR_ONE, VK_BLEND_FACTOR_ZERO, VK_BLEND_OP_ADD, 0xf };
   VkPipelineColorBlendStateCreateInfo cbs = { VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO, .attachmentCount = 1, .pAttachments = &cba };
   VkGraphicsPipelineCreateInfo gpci = { VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO, .stageCount = 2, .pStages = st,
      .pVertexInputState = &vis, .pInputAssemblyState = &ias, .pViewportState = &vps, .pRasterizationState = &rs,
      .pMultisampleState = &ms, .pDepthStencilState = &dss, .pColorBlendState = &cbs, .layout = gpl, .renderPass = rp };
   VkPipeline gpipe; VK(vkCreateGraphicsPipelines(dev, VK_NULL_HANDLE, 1, &gpci, NULL, &gpipe));

   /* queries */
   VkQueryPoolCreateInfo qpci = { VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO, .queryType = VK_QUERY_TYPE_TIMESTAMP, .queryCount = 2 };
   VkQueryPool tsq, occq; VK(vkCreateQueryPool(dev, &qpci, NULL, &tsq));
   qpci.queryType = VK_QUERY_TYPE_OCCLUSION; qpci.queryCount = 1; VK(vkCreateQueryPool(dev, &qpci, NULL, &occq));

   /* command buffers */
   VkCommandPoolCreateInfo cpoolci = { VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO, .queueFamilyIndex = qf };
   VkCommandPool pool; VK(vkCreateCommandPool(dev, &cpoolci, NULL, &pool));
   VkCommandBufferAllocateInfo cbai = { VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO, .commandPool = pool, .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY, .commandBufferCount = 1 };
   VkCommandBuffer cmd, sec; VK(vkAllocateCommandBuffers(dev, &cbai, &cmd));
   cbai.level = VK_COMMAND_BUFFER_LEVEL_SECONDARY; VK(vkAllocateCommandBuffers(dev, &cbai, &sec));

   VkCommandBufferInheritanceInfo inh = { VK_STRUCTURE_TYPE_COMMAND_BUFFER_INHERITANCE_INFO, .renderPass = rp, .subpass = 0, .framebuffer = fb,
      .occlusionQueryEnable = VK_TRUE };
   VkCommandBufferBeginInfo sbi2 = { VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_RENDER_PASS_CONTINUE_BIT, .pInheritanceInfo = &inh };
   VK(vkBeginCommandBuffer(sec, &sbi2));
   vkCmdBindPipeline(sec, VK_PIPELINE_BIND_POINT_GRAPHICS, gpipe);
   vkCmdBindDescriptorSets(sec, VK_PIPELINE_BIND_POINT_GRAPHICS, gpl, 0, 1, &sets[0], 0, NULL);
   VkDeviceSize zero = 0;
   vkCmdBindVertexBuffers(sec, 0, 1, &b_vb, &zero);
   vkCmdBindIndexBuffer(sec, b_ib, 0, VK_INDEX_TYPE_UINT16);
   float offs[4] = { -0.2f, 0.1f, 0, 0 };
   vkCmdPushConstants(sec, gpl, VK_SHADER_STAGE_VERTEX_BIT, 0, 16, offs);
   vkCmdDrawIndexed(sec, 6, 1, 0, 0, 0);
   offs[0] = 0.3f;
   vkCmdPushConstants(sec, gpl, VK_SHADER_STAGE_VERTEX_BIT, 0, 16, offs);
   vkCmdDrawIndirect(sec, b_ind, 0, 1, sizeof(VkDrawIndirectCommand));
   const char *nd = getenv("VKSCENE_DRAWS");
   int ndraws = nd ? atoi(nd) : 0;
   for (int i = 0; i < ndraws; i++) {
      offs[0] = -0.9f + 1.8f * i / (ndraws + 1); offs[1] = (i % 7) * 0.1f - 0.3f;
      vkCmdPushConstants(sec, gpl, VK_SHADER_STAGE_VERTEX_BIT, 0, 16, offs);
      vkCmdDrawIndexed(sec, 3 + 3 * (i & 1), 1 + (i % 3), 0, 0, i);
   }
   VK(vkEndCommandBuffer(sec));

   VkCommandBufferBeginInfo bi = { VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO, .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT };
   VK(vkBeginCommandBuffer(cmd, &bi));
   vkCmdResetQueryPool(cmd, tsq, 0, 2);
   vkCmdResetQueryPool(cmd, occq, 0, 1);
   vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, tsq, 0);
   vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, cpipe);
   vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, cpl, 0, 1, &sets[1], 0, NULL);
   uint32_t mulv = 3;
   vkCmdPushConstants(cmd, cpl, VK_SHADER_STAGE_COMPUTE_BIT, 0, 4, &mulv);
   vkCmdDispatch(cmd, 4, 1, 1);
   VkMemoryBarrier mb = { VK_STRUCTURE_TYPE_MEMORY_BARRIER, .srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT, .dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT };
   vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, 0, 1, &mb, 0, NULL, 0, NULL);
   vkCmdDispatchIndirect(cmd, b_ind, 64);
   VkClearValue cv[2] = { { .color = { { 0.1f, 0.2f, 0.3f, 1.0f } } }, { .depthStencil = { 1.0f, 0 } } };
   VkRenderPassBeginInfo rpbi = { VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO, .renderPass = rp, .framebuffer = fb, .renderArea = { { 0, 0 }, { 64, 64 } }, .clearValueCount = 2, .pClearValues = cv };
   vkCmdBeginQuery(cmd, occq, 0, 0);
   vkCmdBeginRenderPass(cmd, &rpbi, VK_SUBPASS_CONTENTS_SECONDARY_COMMAND_BUFFERS);
   vkCmdExecuteCommands(cmd, 1, &sec);
   vkCmdEndRenderPass(cmd);
   vkCmdEndQuery(cmd, occq, 0);
   VkBufferImageCopy bic = { 0, 0, 0, { VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1 }, { 0, 0, 0 }, { 64, 64, 1 } };
   vkCmdCopyImageToBuffer(cmd, cimg, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, b_rb, 1, &bic);
   vkCmdFillBuffer(cmd, b_ssbo, 2048, 1024, 0xdeadbeef);
   VkBufferCopy bc = { 0, 3072, 512 };
   vkCmdCopyBuffer(cmd, b_ssbo, b_ssbo, 1, &bc);
   vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, tsq, 1);
   vkCmdCopyQueryPoolResults(cmd, tsq, 0, 2, b_q, 0, 8, VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
   vkCmdCopyQueryPoolResults(cmd, occq, 0, 1, b_q, 32, 8, VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT);
   VK(vkEndCommandBuffer(cmd));

   VkFenceCreateInfo fnci = { VK_STRUCTURE_TYPE_FENCE_CREATE_INFO };
   VkFence fence; VK(vkCreateFence(dev, &fnci, NULL, &fence));
   VkSubmitInfo si = { VK_STRUCTURE_TYPE_SUBMIT_INFO, .commandBufferCount = 1, .pCommandBuffers = &cmd };
   VK(vkQueueSubmit(q, 1, &si, fence));
   VK(vkWaitForFences(dev, 1, &fence, VK_TRUE, 1000000000ull));
   fprintf(stderr, "done\n");
   vkDeviceWaitIdle(dev);
   return 0;
}
