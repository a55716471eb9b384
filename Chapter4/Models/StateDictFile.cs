using System.Collections;
using Chapter4.Harness;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>Loads a PyTorch <c>torch.save(model.state_dict())</c> file into a TorchSharp module, strictly.</summary>
public static class StateDictFile
{
    /// <summary>
    /// Copies every tensor of the file into the module's parameter of the same name. The names and
    /// shapes must match exactly; anything else is a <see cref="LessonInputException"/> naming the problem.
    /// </summary>
    public static void LoadInto(nn.Module module, string path, string knob = "--weights")
    {
        if (!File.Exists(path)) throw new LessonInputException($"{knob}: file '{path}' not found");
        Hashtable loaded;
        try
        {
            using var stream = File.OpenRead(path);
            loaded = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new LessonInputException($"{knob}: '{path}' is not a PyTorch state_dict saved with torch.save ({e.GetType().Name}: {e.Message.Split('\n')[0]})");
        }

        var expected = module.state_dict();
        var file = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry kv in loaded)
        {
            if (kv.Key is not string name || kv.Value is not Tensor t)
                throw new LessonInputException($"{knob}: '{path}' holds something other than named tensors");
            file[name] = t;
        }
        var missing = expected.Keys.Except(file.Keys).ToList();
        var unexpected = file.Keys.Except(expected.Keys).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new LessonInputException($"{knob}: '{path}' does not fit {module.GetName()}: " +
                (missing.Count > 0 ? $"missing {string.Join(", ", missing)}" : "") +
                (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") +
                (unexpected.Count > 0 ? $"unexpected {string.Join(", ", unexpected)}" : ""));
        foreach (var (name, target) in expected)
        {
            Tensor source = file[name];
            if (!source.shape.SequenceEqual(target.shape))
                throw new LessonInputException($"{knob}: '{path}': {name} has shape [{string.Join(", ", source.shape)}], " +
                    $"{module.GetName()} needs [{string.Join(", ", target.shape)}]");
        }
        using (torch.no_grad())
        {
            foreach (var (name, target) in expected) target.copy_(file[name]);
        }
        foreach (Tensor t in file.Values) t.Dispose();
    }
}
