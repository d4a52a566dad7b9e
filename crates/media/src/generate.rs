//! Synthetic pictures for the demo newsroom: a sky gradient over layered hills and a sun,
//! coloured by a seed. Generated rather than shipped so the demo carries no third-party
//! images and costs nothing in the repository.

use std::f32::consts::TAU;

use image::{Rgb, RgbImage};

/// A small deterministic PRNG step (SplitMix64), so a seed always gives the same picture.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn unit(seed: u64, k: u64) -> f32 {
    (mix(seed.wrapping_mul(31).wrapping_add(k)) >> 40) as f32 / (1u64 << 24) as f32
}

fn hsl(h: f32, s: f32, l: f32) -> [f32; 3] {
    let c = (1.0 - (2.0 * l - 1.0).abs()) * s;
    let hp = (h.rem_euclid(1.0)) * 6.0;
    let x = c * (1.0 - (hp % 2.0 - 1.0).abs());
    let (r, g, b) = match hp as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = l - c / 2.0;
    [r + m, g + m, b + m]
}

fn lerp(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn to_rgb(c: [f32; 3]) -> Rgb<u8> {
    Rgb(c.map(|v| (v.clamp(0.0, 1.0) * 255.0) as u8))
}

/// A landscape-like picture of `width`×`height` pixels for `seed`.
pub fn demo_picture(seed: u64, width: u32, height: u32) -> RgbImage {
    let hue = unit(seed, 1);
    let sky_top = hsl(hue, 0.55, 0.32);
    let sky_bottom = hsl(hue + 0.08, 0.65, 0.72);
    let sun = hsl(hue + 0.12, 0.9, 0.85);
    let (sun_x, sun_y, sun_r) = (
        0.2 + 0.6 * unit(seed, 2),
        0.2 + 0.25 * unit(seed, 3),
        0.06 + 0.05 * unit(seed, 4),
    );
    let layers: Vec<(f32, f32, f32, f32, [f32; 3])> = (0..4_u8)
        .map(|i| {
            let k = 10 + u64::from(i) * 4;
            let base = 0.45 + 0.13 * i as f32;
            let colour = hsl(hue + 0.35 + 0.05 * i as f32, 0.35, 0.42 - 0.08 * i as f32);
            (
                base,
                2.0 + 6.0 * unit(seed, k),
                TAU * unit(seed, k + 1),
                0.03 + 0.05 * unit(seed, k + 2),
                colour,
            )
        })
        .collect();
    let aspect = width as f32 / height.max(1) as f32;
    RgbImage::from_fn(width, height, |x, y| {
        let (u, v) = (
            x as f32 / width.max(1) as f32,
            y as f32 / height.max(1) as f32,
        );
        let mut c = lerp(sky_top, sky_bottom, v);
        let (dx, dy) = ((u - sun_x) * aspect, v - sun_y);
        let d = (dx * dx + dy * dy).sqrt();
        if d < sun_r {
            c = sun;
        } else if d < sun_r * 2.5 {
            c = lerp(sun, c, (d - sun_r) / (sun_r * 1.5));
        }
        for &(base, freq, phase, amp, colour) in &layers {
            let ridge = base
                + amp * (freq * u * TAU + phase).sin()
                + amp * 0.5 * (freq * 2.3 * u * TAU + phase * 1.7).sin();
            if v > ridge {
                c = lerp(colour, hsl(hue + 0.4, 0.2, 0.12), (v - ridge) * 0.6);
            }
        }
        to_rgb(c)
    })
}
