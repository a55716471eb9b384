using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Harness;

public enum DeviceChoice { Auto, Cpu, Cuda }

/// <summary>Loads libtorch once, with a one-line explanation instead of a native stack trace.</summary>
public static class TorchRuntime
{
    private static readonly Lazy<string?> LoadError = new(TryLoad);

    /// <summary>Throws <see cref="LessonRunException"/> with a clear message if libtorch cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error) throw new LessonRunException(error);
    }

    private static string? TryLoad()
    {
        try
        {
            using var probe = torch.zeros(1);
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or ExternalException)
        {
            string detail = e.InnerException?.Message ?? e.Message;
            return "libtorch could not be loaded (" + detail.Split('\n')[0].Trim() +
                   "); rebuild with 'dotnet build' so the native shim is patched, see README 'Troubleshooting the native library'";
        }
    }

    /// <summary>Resolves --device: auto picks CUDA when available.</summary>
    public static Device Resolve(DeviceChoice choice)
    {
        EnsureLoaded();
        bool cuda = torch.cuda.is_available();
        return choice switch
        {
            DeviceChoice.Cpu => torch.CPU,
            DeviceChoice.Cuda when cuda => torch.CUDA,
            DeviceChoice.Cuda => throw new LessonInputException(
                "--device cuda: CUDA is not available (this build uses TorchSharp-cpu or no GPU is visible); " +
                "build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or use --device cpu"),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }
}
