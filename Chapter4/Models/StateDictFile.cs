using System.Collections;
using System.IO.Compression;
using Chapter4.Files;
using Chapter4.Harness;
using Chapter4.Language;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Models;

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

        // A pickle of None unpickles to null, not to a dict: the same refusal as a list or a number.
        if (loaded is null) throw Refused("not-a-dict", Texts.Get(typeof(StateDictFile), "not-a-dict.none"));

        var expected = module.state_dict();
        var file = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry kv in loaded)
        {
            if (kv.Key is not string name || kv.Value is not Tensor t)
                throw Refused("not-named-tensors");
            file[name] = t;
        }
        try
        {
            var missing = expected.Keys.Except(file.Keys).ToList();
            var unexpected = file.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
            {
                string names = Texts.Get(typeof(StateDictFile), "names.separator");
                var parts = new List<string>();
                if (missing.Count > 0) parts.Add(Texts.Format(typeof(StateDictFile), "does-not-fit.missing", string.Join(names, missing)));
                if (unexpected.Count > 0) parts.Add(Texts.Format(typeof(StateDictFile), "does-not-fit.unexpected", string.Join(names, unexpected)));
                throw Refused("does-not-fit", module.GetName(), string.Join(Texts.Get(typeof(StateDictFile), "does-not-fit.separator"), parts));
            }
            foreach (var (name, target) in expected)
            {
                Tensor source = file[name];
                if (!source.shape.SequenceEqual(target.shape))
                    throw Refused("wrong-shape", name, Text.Shape(source.shape), module.GetName(), Text.Shape(target.shape));
                if (source.is_complex())
                    throw Refused("complex", name, source.dtype, module.GetName());
                if (!is_floating_point(source))
                    throw Refused("not-floating-point", name, source.dtype, module.GetName());
                if (!source.isfinite().all().item<bool>())
                    throw Refused("not-finite", name);
                // float64 up to 1.8e308 is finite, float32 only up to 3.4e38: the copy into the model must stay finite too.
                using (Tensor single = source.to(float32))
                    if (!single.isfinite().all().item<bool>())
                        throw Refused("beyond-float32", name, module.GetName());
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
            bytes = RegularFile.ReadAll(path, MaxBytes, length => Texts.Format(typeof(StateDictFile), "too-large", length, MaxBytes));
        }
        catch (RegularFileException e)
        {
            throw new StateDictException(e.Message);
        }
        if (bytes.Length == 0) throw Refused("empty");
        return bytes;
    }

    /// <summary>
    /// torch.save writes a zip archive whose data.pkl is a pickle. Every length the archive or the
    /// pickle declares is checked against what the file holds, before the unpickler allocates it.
    /// </summary>
    private static void CheckArchive(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x80 && bytes[1] <= 5 && bytes.Length > 2 && bytes[2] == 0x8a)
            throw Refused("legacy");
        if (bytes.Length < 4 || bytes[0] != (byte)'P' || bytes[1] != (byte)'K')
            throw Refused("not-a-zip");
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw Refused("damaged-zip", SystemSays(e));
        }
        using (zip)
        {
            ZipArchiveEntry? pickle = null;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                if (entry.Length > MaxBytes || entry.CompressedLength > bytes.Length)
                    throw Refused("entry-too-large", Text.Echo(entry.FullName), entry.Length, bytes.Length);
                if (entry.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) || entry.FullName == "data.pkl") pickle = entry;
            }
            if (pickle is null) throw Refused("no-data-pkl");
            byte[] data = new byte[pickle.Length];
            try
            {
                using Stream s = pickle.Open();
                s.ReadExactly(data);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
            {
                throw Refused("damaged-entry", SystemSays(e));
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
            return Texts.Format(typeof(StateDictFile), "not-a-dict", Texts.Get(typeof(StateDictFile),
                m.Contains("ArrayList", StringComparison.Ordinal) ? "not-a-dict.list" : m.Contains("Object[]", StringComparison.Ordinal) ? "not-a-dict.tuple" : "not-a-dict.object"));
        if (m.Contains("non-contiguous", StringComparison.OrdinalIgnoreCase))
            return Texts.Get(typeof(StateDictFile), "non-contiguous");
        if (m.Contains("setStorage", StringComparison.Ordinal) || m.Contains("out of bounds", StringComparison.OrdinalIgnoreCase))
            return Texts.Get(typeof(StateDictFile), "storage-view");
        if (m.Contains("entire model", StringComparison.OrdinalIgnoreCase) || m.Contains("Parameter", StringComparison.Ordinal))
            return Texts.Get(typeof(StateDictFile), "keep-vars");
        return Texts.Format(typeof(StateDictFile), "not-a-state-dict", e.GetType().Name, m);
    }

    /// <summary>Why the file cannot be loaded, in the learner's language, to follow the file's name.</summary>
    private static StateDictException Refused(string key, params object?[] args) => new(Texts.Format(typeof(StateDictFile), key, args));

    /// <summary>A library's own words (.NET's zip reader, the unpickler: English whatever the UI language), quoted as its own in Chinese.</summary>
    private static string SystemSays(Exception e) => Texts.Format(typeof(StateDictFile), "system-says", Text.FirstLine(e.Message));
}

// Declared after StateDictFile: the SDK names the .resx beside this file after the first class in it.
/// <summary>A weights file that cannot be loaded; the message says why, to follow the file's name ("is a folder").</summary>
public sealed class StateDictException(string message) : Exception(message);
