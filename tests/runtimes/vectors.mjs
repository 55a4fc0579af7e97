// The Captum vectors every runtime runs (tests/fixtures/conformance/<name>.json), chosen
// to cover each argument form once; the runtime suite embeds them as JSON.
export const RUNTIME_VECTORS = [
  "multi2_baselines_scalar_and_tensor_ppe2", // two inputs, scalar and tensor baselines
  "multi3_1d_seq_img_ppe4", // three inputs of different ranks
  "multi2_extra_scale_offset_ppe7", // two inputs plus additional forward args
  "img_B3_1x6x8_w1x3x3_s2_baseline_full_batch", // tensor baseline of the full shape
  "seq_B3_L8_C4_w3x2_s2_cutoff_baseline_nobatch_ppe3", // tensor baseline without batch dim, cut-off windows
  "feat_B3_F8_w3_s2_cutoff_target_list_ppe2", // one target per example
  "img_B3_1x4x4_out3d_target_list_of_tuples_ppe2", // one target tuple per example
  "img_B2_2x10x9_w1x4x3_s1x3x3_target_tensor_ppe4", // integer tensor target
  "extra_scale_feat_B2_F6_ppe3", // a tensor additional arg repeated per perturbation
  "extra_scale_offset_img_B3_1x4x4_ppe2", // a tensor and a plain additional arg
  "agg_sum_feat_B2_F5_ppe1", // one scalar for the whole batch
  "vol_B2_1x4x5x6_full_window_ppe5", // 5-d input, window = the whole example
  "vec1d_B3_window_empty_nested", // 1-d input, empty window
  "float_img_B2_3x6x6_w3x2x2_baseline_full_ppe3", // random float data
  "err_stride_gt_window", // rejects: stride larger than the window
  "err_window_rank", // rejects: window rank differs from the input's
  "tok_B2_L8_w3_s2_mask_id_target_int_ppe3", // int64 token ids, Occlusion
  "tok_int32_B2_L10_w5_s3_vector_output_target_none_ppe2", // int32 token ids
  "tokmix_B2_L6_ids_and_float_ppe3", // ids and a float input together
  "fa_img_B2_3x6x6_superpixels_mask_1x1x6x6_ppe3", // FeatureAblation, superpixels broadcast over channels
  "fa_multi2_shared_ids_ppe3", // FeatureAblation, ids shared across inputs
  "fa_tok_words_B2_L8_mask_per_example_pad0_ppe2", // FeatureAblation on int64 ids, per-example word masks
  "fa_default_multi2_vector_output_target_none_ppe4", // FeatureAblation without a mask
  "err_fa_mask_not_broadcastable", // rejects: a mask that does not broadcast
];
