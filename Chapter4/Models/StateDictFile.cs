using System.Collections;
using System.IO.Compression;
using Chapter4.Files;
using Chapter4.Harness;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>A weights file that cannot be loaded; the message says why, to follow the file's name ("is a folder").</summary>
public sealed class StateDictException(string message) : Exception(message);

/// <summary>
/// Loads a PyTorch <c>torch.save(model.state_dict())</c> file into a TorchSharp module, strictly and
/// defensively: the file may come from anywhere, so it is checked before the unpickler sees it.
/// </summary>
public static class StateDictFile
{
    /// <summary>Far above any ModelDemo state_dict (2 KB); bounds what a hostile file can make us read.</summary>
    public const long MaxBytes = 64L << 20;

    /// <summary>
    /// Copies every tensor of the file into the module's parameter of the same name. The names and
    /// shapes must match exactly and every value must be finite; anything else is a
    /// <see cref="StateDictException"/> naming the problem.
    /// </summary>
    public static void LoadInto(nn.Module module, string path)
    {
        byte[] bytes = ReadRegularFile(path);
        CheckArchive(bytes);
        Hashtable loaded;
        try
        {
            loaded = PyTorchUnpickler.UnpickleStateDict(new MemoryStream(bytes, writable: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new StateDictException(UnpicklerReason(e));
        }

        var expected = module.state_dict();
        var file = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry kv in loaded)
        {
            if (kv.Key is not string name || kv.Value is not Tensor t)
                throw new StateDictException("holds something other than named tensors");
            file[name] = t;
        }
        try
        {
            var missing = expected.Keys.Except(file.Keys).ToList();
            var unexpected = file.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new StateDictException($"does not fit {module.GetName()}: " +
                    (missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : "") +
                    (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                    (unexpected.Count > 0 ? $"unexpected {string.Join(", ", unexpected)}" : ""));
            foreach (var (name, target) in expected)
            {
                Tensor source = file[name];
                if (!source.shape.SequenceEqual(target.shape))
                    throw new StateDictException($"has {name} of shape {Text.Shape(source.shape)}; {module.GetName()} needs {Text.Shape(target.shape)}");
                if (source.is_complex())
                    throw new StateDictException($"has {name} of dtype {source.dtype}: complex weights would lose their imaginary parts; {module.GetName()} computes in float32");
                if (!is_floating_point(source))
                    throw new StateDictException($"has {name} of dtype {source.dtype}; {module.GetName()}'s weights are floating-point numbers");
                if (!source.isfinite().all().item<bool>())
                    throw new StateDictException($"has NaN or infinite values in {name}; a network with them computes nothing meaningful");
                // float64 up to 1.8e308 is finite, float32 only up to 3.4e38: the copy into the model must stay finite too.
                using (Tensor single = source.to(float32))
                    if (!single.isfinite().all().item<bool>())
                        throw new StateDictException($"has values in {name} beyond float32's range (±3.4028235e38); they would become infinite in {module.GetName()}");
            }
            using (torch.no_grad())
            {
                foreach (var (name, target) in expected) target.copy_(file[name]);
            }
        }
        finally
        {
            foreach (Tensor t in file.Values) t.Dispose();
        }
    }

    /// <summary>
    /// The file's bytes, if it is a readable regular file (not a folder, FIFO or device such as /dev/zero) of at
    /// most <see cref="MaxBytes"/>.
    /// </summary>
    private static byte[] ReadRegularFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = RegularFile.ReadAll(path, MaxBytes, length => $"is {length} bytes; a ModelDemo state_dict is about 2 KB (limit {MaxBytes} bytes)");
        }
        catch (RegularFileException e)
        {
            throw new StateDictException(e.Message);
        }
        if (bytes.Length == 0) throw new StateDictException("is empty: not a PyTorch file");
        return bytes;
    }

    /// <summary>
    /// torch.save writes a zip archive whose data.pkl is a pickle. Every length the archive or the
    /// pickle declares is checked against what the file holds, before the unpickler allocates it.
    /// </summary>
    private static void CheckArchive(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] <= 5 && bytes.Length > 2 && bytes[2] == 0x8a)
            throw new StateDictException("was saved in the legacy PyTorch format (before 1.6); re-save it with torch.save in a current PyTorch");
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
            throw new StateDictException("is not a PyTorch file (torch.save writes a zip archive)");
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new StateDictException($"is not a PyTorch file: a damaged zip archive ({Text.FirstLine(e.Message)})");
        }
        using (zip)
        {
            ZipArchiveEntry? pickle = null;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > MaxBytes || entry.CompressedLength > bytes.Length)
                    throw new StateDictException($"declares an entry '{Text.Echo(entry.FullName)}' of {entry.Length} bytes in a {bytes.Length}-byte file");
                if (entry.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || entry.FullName == "data.pkl") pickle = entry;
            }
            if (pickle is null) throw new StateDictException("is a zip archive without data.pkl: not a file written by torch.save");
            byte[] data = new byte[pickle.Length];
            try
            {
                using Stream s = pickle.Open();
                s.ReadExactly(data);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw new StateDictException($"is truncated or damaged ({Text.FirstLine(e.Message)})");
            }
            PickleScan.CheckLengths(data);
        }
    }

    /// <summary>The reason behind an unpickler failure, in words that tell the learner what to do.</summary>
    private static string UnpicklerReason(Exception e)
    {
        string m = Text.FirstLine(e.Message);
        // The unpickler reads any pickle, then casts it to a dict: a list, a tuple or a bare tensor fails the cast.
        if (e is InvalidCastException)
            return $"holds {(m.Contains("ArrayList", StringComparison.Ordinal) ? "a list" : m.Contains("Object[]", StringComparison.Ordinal) ? "a tuple" : "a Python object")}, " +
                "not a state_dict (a dict of named tensors); save model.state_dict()";
        if (m.Contains("non-contiguous", StringComparison.OrdinalIgnoreCase))
            return "holds a non-contiguous tensor (e.g. a transposed view), which this loader cannot read; save {k: v.contiguous() for k, v in state.items()}";
        if (m.Contains("setStorage", StringComparison.Ordinal) || m.Contains("out of bounds", StringComparison.OrdinalIgnoreCase))
            return "holds a tensor that is a view into a larger storage, which this loader cannot read; save {k: v.clone() for k, v in state.items()}";
        if (m.Contains("entire model", StringComparison.OrdinalIgnoreCase) || m.Contains("Parameter", StringComparison.Ordinal))
            return "holds nn.Parameter objects (state_dict(keep_vars=True)) or a whole model; save model.state_dict() instead";
        return $"is not a PyTorch state_dict saved with torch.save ({e.GetType().Name}: {m})";
    }
}
