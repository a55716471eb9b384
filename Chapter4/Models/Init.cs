using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Models;

public enum Nonlinearity { Linear, Sigmoid, Tanh, Relu, LeakyRelu }

/// <summary>
/// nn.init as PyTorch computes it: the same standard deviation and the same draws from the global
/// generator, so a seeded model gets PyTorch's numbers. (TorchSharp 0.107's xavier_normal_ samples
/// a uniform distribution instead, which also shifts every later random draw.)
/// </summary>
public static class Init
{
    /// <summary>torch.nn.init.calculate_gain.</summary>
    public static double Gain(Nonlinearity nonlinearity, double negativeSlope = 0.01) => nonlinearity switch
    {
        Nonlinearity.Linear or Nonlinearity.Sigmoid => 1.0,
        Nonlinearity.Tanh => 5.0 / 3.0,
        Nonlinearity.Relu => Math.Sqrt(2.0),
        Nonlinearity.LeakyRelu => Math.Sqrt(2.0 / (1 + negativeSlope * negativeSlope)),
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity)),
    };

    /// <summary>(fan_in, fan_out) = (size(1), size(0)) times the receptive field, as PyTorch computes them.</summary>
    public static (long FanIn, long FanOut) Fans(Tensor tensor)
    {
        if (tensor.dim() < 2)
            throw new ArgumentException("fan in and fan out need a tensor of at least 2 dimensions");
        long receptive = tensor.shape.Skip(2).Aggregate(1L, (a, b) => a * b);
        return (tensor.shape[1] * receptive, tensor.shape[0] * receptive);
    }

    /// <summary>nn.init.xavier_normal_: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
    public static Tensor XavierNormal(Tensor tensor, double gain = 1.0)
    {
        var (fanIn, fanOut) = Fans(tensor);
        return NormalNoGrad(tensor, gain * Math.Sqrt(2.0 / (fanIn + fanOut)));
    }

    /// <summary>nn.init.kaiming_normal_ (mode fan_in): N(0, std²) with std = gain / √fan_in.</summary>
    public static Tensor KaimingNormal(Tensor tensor, Nonlinearity nonlinearity = Nonlinearity.LeakyRelu, double a = 0)
    {
        var (fanIn, _) = Fans(tensor);
        return NormalNoGrad(tensor, Gain(nonlinearity, a) / Math.Sqrt(fanIn));
    }

    /// <summary>nn.init.zeros_.</summary>
    public static Tensor Zeros(Tensor tensor)
    {
        using var _ = torch.no_grad();
        return tensor.zero_();
    }

    private static Tensor NormalNoGrad(Tensor tensor, double std)
    {
        using var _ = torch.no_grad();
        return tensor.normal_(0.0, std);
    }
}
