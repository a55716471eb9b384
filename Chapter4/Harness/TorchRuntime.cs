using System.Runtime.InteropServices;
using Chapter4.Language;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Harness;

public enum DeviceChoice { Auto, Cpu, Cuda }

/// <summary>Loads libtorch once, with a one-line explanation instead of a native stack trace.</summary>
public static class TorchRuntime
{
    // The loader's own first line, kept once; the sentence around it is said in the UI language of each call.
    private static readonly Lazy<string?> LoadError = new(TryLoad);

    /// <summary>Throws <see cref="LessonRunException"/> with a clear message if libtorch cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } detail) throw new LessonRunException(RunTexts.Format("runtime.load-failed", detail));
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
            return detail.Split('\n')[0].Trim();
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
            DeviceChoice.Cuda => throw new LessonInputException(RunTexts.Get("runtime.no-cuda")),
            _ => cuda ? torch.CUDA : torch.CPU,
        };
    }
}
