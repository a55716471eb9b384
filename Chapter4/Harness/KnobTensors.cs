using Chapter4.Language;
using static TorchSharp.torch;

namespace Chapter4.Harness;

/// <summary>Knob values (rows of numbers) as float32 tensors, like <c>torch.tensor(data=..., dtype=torch.float32)</c>, and back.</summary>
public static class KnobTensors
{
    public static Tensor Vector(double[] values, bool requiresGrad = false) =>
        tensor(values.Select(v => (float)v).ToArray(), requires_grad: requiresGrad);

    public static Tensor Matrix(double[][] rows, string name, bool requiresGrad = false)
    {
        if (rows.Length == 0 || rows.Any(r => r.Length != rows[0].Length))
            throw new LessonInputException(Texts.Format(typeof(KnobTensors), "ragged", name));
        float[] flat = rows.SelectMany(r => r.Select(v => (float)v)).ToArray();
        return tensor(flat, [rows.Length, rows[0].Length], requires_grad: requiresGrad);
    }
}
