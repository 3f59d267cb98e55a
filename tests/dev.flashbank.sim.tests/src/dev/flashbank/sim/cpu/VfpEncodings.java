package dev.flashbank.sim.cpu;

/**
 * The instruction encodings the Vfp tests run, each once: from
 * {@code arm-none-eabi-as -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard -mthumb} and objdump ({@code hw1:hw2} as
 * one value), with the assembly text beside it.
 */
final class VfpEncodings {

    private VfpEncodings() {
    }

    static final int LDC2 = 0xFD900A00; // ldc2 p10, c0, [r0]: the unconditional load/store space is UNDEFINED
    static final int VADD_F32 = 0xEE300A81; // vadd.f32 s0, s1, s2
    static final int VADD_F64 = 0xEE310B02; // vadd.f64 d0, d1, d2
    static final int VCMP_F32_ZERO = 0xEEB50A40; // vcmp.f32 s0, #0.0
    static final int VCMP_F32 = 0xEEB40A60; // vcmp.f32 s0, s1
    static final int VCMPE_F32 = 0xEEB40AE0; // vcmpe.f32 s0, s1
    static final int VCMPE_F64_ZERO = 0xEEB50BC0; // vcmpe.f64 d0, #0.0
    static final int VCVT_F32_F64 = 0xEEB70BC1; // vcvt.f32.f64 s0, d1
    static final int VCVT_F32_S32_16 = 0xEEBA0AC8; // vcvt.f32.s32 s0, s0, #16
    static final int VCVT_F32_S32 = 0xEEB80AE0; // vcvt.f32.s32 s0, s1
    static final int VCVT_F32_U16_8 = 0xEEBB0A44; // vcvt.f32.u16 s0, s0, #8
    static final int VCVT_F32_U32 = 0xEEB80A60; // vcvt.f32.u32 s0, s1
    static final int VCVT_F64_F32 = 0xEEB70AE0; // vcvt.f64.f32 d0, s1
    static final int VCVT_F64_S32 = 0xEEB80BE0; // vcvt.f64.s32 d0, s1
    static final int VCVT_S32_F32_16 = 0xEEBE0AC8; // vcvt.s32.f32 s0, s0, #16
    static final int VCVT_S32_F32 = 0xEEBD0AE0; // vcvt.s32.f32 s0, s1
    static final int VCVT_S32_F64_1 = 0xEEBE0BEF; // vcvt.s32.f64 d0, d0, #1
    static final int VCVT_S32_F64 = 0xEEBD0BC1; // vcvt.s32.f64 s0, d1
    static final int VCVT_U16_F32_8 = 0xEEBF0A44; // vcvt.u16.f32 s0, s0, #8
    static final int VCVT_U32_F32 = 0xEEBC0AE0; // vcvt.u32.f32 s0, s1
    static final int VCVTA_S32_F32 = 0xFEBC0AE0; // vcvta.s32.f32 s0, s1
    static final int VCVTB_F16_F32 = 0xEEB30A60; // vcvtb.f16.f32 s0, s1
    static final int VCVTB_F16_F64 = 0xEEB30B41; // vcvtb.f16.f64 s0, d1
    static final int VCVTB_F32_F16 = 0xEEB20A60; // vcvtb.f32.f16 s0, s1
    static final int VCVTB_F64_F16 = 0xEEB20B60; // vcvtb.f64.f16 d0, s1
    static final int VCVTM_S32_F64 = 0xFEBF0BC1; // vcvtm.s32.f64 s0, d1
    static final int VCVTN_S32_F32 = 0xFEBD0AE0; // vcvtn.s32.f32 s0, s1
    static final int VCVTP_U32_F32 = 0xFEBE0A60; // vcvtp.u32.f32 s0, s1
    static final int VCVTR_S32_F32 = 0xEEBD0A60; // vcvtr.s32.f32 s0, s1
    static final int VCVTT_F16_F32 = 0xEEB30AE0; // vcvtt.f16.f32 s0, s1
    static final int VCVTT_F32_F16 = 0xEEB20AE0; // vcvtt.f32.f16 s0, s1
    static final int VDIV_F32 = 0xEE800A81; // vdiv.f32 s0, s1, s2
    static final int VDIV_F64 = 0xEE810B02; // vdiv.f64 d0, d1, d2
    static final int VFMA_F32 = 0xEEA00A81; // vfma.f32 s0, s1, s2
    static final int VFMA_F64 = 0xEEA10B02; // vfma.f64 d0, d1, d2
    static final int VFMS_F32 = 0xEEA00AC1; // vfms.f32 s0, s1, s2
    static final int VFNMA_F32 = 0xEE900AC1; // vfnma.f32 s0, s1, s2
    static final int VFNMS_F32 = 0xEE900A81; // vfnms.f32 s0, s1, s2
    static final int VLDR_D2 = 0xED112B01; // vldr d2, [r1, #-4]
    static final int VMAXNM_F32 = 0xFE800A81; // vmaxnm.f32 s0, s1, s2
    static final int VMAXNM_F64 = 0xFE810B02; // vmaxnm.f64 d0, d1, d2
    static final int VMINNM_F32 = 0xFE800AC1; // vminnm.f32 s0, s1, s2
    static final int VMLA_F32 = 0xEE000A81; // vmla.f32 s0, s1, s2
    static final int VMLS_F32 = 0xEE000AC1; // vmls.f32 s0, s1, s2
    static final int VMOV_D5_CORE = 0xEC498B15; // vmov d5, r8, r9
    static final int VMOV_F64_IMM = 0xEEB32B0F; // vmov.f64 d2, #31.0
    static final int VMUL_F32 = 0xEE200A81; // vmul.f32 s0, s1, s2
    static final int VMUL_F64 = 0xEE210B02; // vmul.f64 d0, d1, d2
    static final int VNMLA_F32 = 0xEE100AC1; // vnmla.f32 s0, s1, s2
    static final int VNMLS_F32 = 0xEE100A81; // vnmls.f32 s0, s1, s2
    static final int VNMUL_F32 = 0xEE200AC1; // vnmul.f32 s0, s1, s2
    static final int VRINTA_F32 = 0xFEB80A60; // vrinta.f32 s0, s1
    static final int VRINTA_F64 = 0xFEB80B41; // vrinta.f64 d0, d1
    static final int VRINTM_F32 = 0xFEBB0A60; // vrintm.f32 s0, s1
    static final int VRINTN_F32 = 0xFEB90A60; // vrintn.f32 s0, s1
    static final int VRINTP_F32 = 0xFEBA0A60; // vrintp.f32 s0, s1
    static final int VRINTR_F32 = 0xEEB60A60; // vrintr.f32 s0, s1
    static final int VRINTX_F32 = 0xEEB70A60; // vrintx.f32 s0, s1
    static final int VRINTZ_F32 = 0xEEB60AE0; // vrintz.f32 s0, s1
    static final int VSELEQ_F32 = 0xFE000A81; // vseleq.f32 s0, s1, s2
    static final int VSELGE_F32 = 0xFE200A81; // vselge.f32 s0, s1, s2
    static final int VSELGT_F64 = 0xFE310B02; // vselgt.f64 d0, d1, d2
    static final int VSELVS_F32 = 0xFE100A81; // vselvs.f32 s0, s1, s2
    static final int VSQRT_F32 = 0xEEB10AE0; // vsqrt.f32 s0, s1
    static final int VSQRT_F64 = 0xEEB10BC1; // vsqrt.f64 d0, d1
    static final int VSUB_F32 = 0xEE300AC1; // vsub.f32 s0, s1, s2
}
