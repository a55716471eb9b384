using System.IO.Compression;
using System.Net.Sockets;
using Chapter4.Files;
using Chapter4.Language;
using Chapter4.Lessons;
using Chapter4.Models;
using Chapter4.Tests.Support;
using NUnit.Framework;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// The inputs' refusals in both languages: a file named on the command line (RegularFile, as --weights and as @file),
/// a weights file (StateDictFile, PickleScan), the losses' inputs (LossChecks), rows of numbers (KnobTensors) and the
/// lessons that check their knobs together (model, logits, loss-ce). A file's reason is a fragment that follows the
/// file's name, so each case checks the whole composed line.
/// </summary>
public partial class ChineseErrorTests
{
    private string _inputs = "";

    [SetUp]
    public void MakeInputsFolder()
    {
        _inputs = Path.Combine(Path.GetTempPath(), $"chapter4-zh-inputs-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_inputs);
    }

    [TearDown]
    public void RemoveInputsFolder()
    {
        if (Directory.Exists(_inputs)) Directory.Delete(_inputs, recursive: true);
    }

    private string InInputs(string name) => Path.Combine(_inputs, name);

    /// <summary>Both languages' lines of `model --weights PATH`, refused (exit 2).</summary>
    private static (string En, string Zh) WeightsRefused(string path) => Shown(SaidInBoth(2, "model", "--weights", path));

    /// <summary>Both lines in the test's output, to read the Chinese as a learner would.</summary>
    private static (string En, string Zh) Shown((string En, string Zh) lines)
    {
        TestContext.Out.WriteLine(lines.En);
        TestContext.Out.WriteLine(lines.Zh);
        return lines;
    }

    // ---- a file named on the command line (RegularFile): its reason follows "--weights: 'PATH'" and "response file '@PATH'" ----

    [Test]
    public void AMissingFile()
    {
        var (en, zh) = WeightsRefused(InInputs("no-such.pt"));
        Assert.That(en, Does.EndWith("' does not exist"));
        Assert.That(zh, Does.StartWith("错误：model：--weights：'").And.EndWith("' 不存在"));
    }

    [Test]
    public void AFolder() => Assert.That(WeightsRefused(_inputs).Zh, Does.EndWith("' 是文件夹，不是文件"));

    [Test]
    public void AnEmptyPath() => Assert.That(WeightsRefused("").Zh, Does.EndWith("'' 不是文件（路径为空）"));

    [Test]
    public void APathWithANulCharacter() => Assert.That(WeightsRefused("a\0b.pt").Zh, Does.EndWith("不是文件（路径中含有 NUL 字符）"));

    [Test]
    public void ADanglingSymbolicLink()
    {
        string link = InInputs("dangling.pt");
        File.CreateSymbolicLink(link, InInputs("gone.pt"));
        Assert.That(WeightsRefused(link).Zh, Does.EndWith("是符号链接，但它指向的文件不存在"));
    }

    /// <summary>The system's reason stays its own (English) words, quoted as the system's in the Chinese line.</summary>
    [Test]
    public void ALoopOfSymbolicLinks()
    {
        string a = InInputs("a.pt"), b = InInputs("b.pt");
        File.CreateSymbolicLink(a, b);
        File.CreateSymbolicLink(b, a);
        var (en, zh) = WeightsRefused(a);
        Assert.That(en, Does.Contain("cannot be followed ("));
        Assert.That(zh, Does.Contain("无法顺着符号链接找到文件（系统报告：“"));
    }

    [Test]
    public void ADeviceIsNotARegularFile()
    {
        Skip.Unless(File.Exists("/dev/null"), "no /dev/null here");
        Assert.That(WeightsRefused("/dev/null").Zh, Does.EndWith("不是普通文件（而是管道、套接字或设备）"));
    }

    /// <summary>A socket exists but cannot be opened (ENXIO): the system's own reason, quoted in Chinese.</summary>
    [Test]
    public void ASocketCannotBeRead()
    {
        Skip.Unless(OperatingSystem.IsLinux(), "the socket's open error is Linux's");
        string path = InInputs("s.pt");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        var (en, zh) = WeightsRefused(path);
        Assert.That(en, Does.Contain("' cannot be read ("));
        Assert.That(zh, Does.Contain("' 无法读取（系统报告：“"));
    }

    /// <summary>Permission denied cannot be reached as root (root reads every file): then its composed line is checked as text.</summary>
    [Test]
    public void AnUnreadableFile()
    {
        if (Environment.UserName == "root" || OperatingSystem.IsWindows())
        {
            var (en, zh) = TextInBoth(() => Texts.Format(typeof(ModelLesson), "error.weights", "/x.pt", Texts.Get(typeof(RegularFile), "permission-denied")));
            Assert.That(en, Is.EqualTo("--weights: '/x.pt' cannot be read (permission denied)"));
            Assert.That(zh, Is.EqualTo("--weights：'/x.pt' 无法读取（没有读取权限）"));
            return;
        }
        string path = InInputs("locked.pt");
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetUnixFileMode(path, UnixFileMode.None);
        Assert.That(WeightsRefused(path).Zh, Does.EndWith("' 无法读取（没有读取权限）"));
    }

    [Test]
    public void AMissingResponseFile()
    {
        var (en, zh) = Shown(SaidInBoth(2, "model", "@" + InInputs("no-such.rsp")));
        Assert.That(en, Does.StartWith("error: response file '@").And.EndWith("' does not exist"));
        Assert.That(zh, Does.StartWith("错误：参数文件 '@").And.EndWith("' 不存在"));
    }

    [Test]
    public void AFolderAsAResponseFile() => Assert.That(Shown(SaidInBoth(2, "model", "@" + _inputs)).Zh, Does.EndWith("' 是文件夹，不是文件"));

    // ---- a weights file (StateDictFile, PickleScan) ----

    [Test]
    public void AWeightsFileTooLarge()
    {
        string path = InInputs("huge.pt");
        using (var file = File.Create(path)) file.SetLength(StateDictFile.MaxBytes + 1); // sparse: nothing is written
        Assert.That(WeightsRefused(path).Zh, Does.Contain("' 有 67108865 字节；ModelDemo 的 state_dict 只有 2 KB 左右（上限 67108864 字节）"));
    }

    [TestCase("empty", "' 是空文件，不是 PyTorch 文件")]
    [TestCase("text", "' 不是 PyTorch 文件（torch.save 写出的是 zip 压缩包）")]
    [TestCase("legacy", "' 是用旧版 PyTorch 格式（1.6 之前）保存的；请在新版 PyTorch 中用 torch.save 重新保存")]
    [TestCase("damaged-zip", "' 不是 PyTorch 文件：zip 压缩包已损坏（原始报错：“")]
    public void NotAPyTorchFile(string kind, string zh)
    {
        string path = InInputs(kind + ".pt");
        File.WriteAllBytes(path, kind switch
        {
            "empty" => [],
            "text" => "definitely not a zip of a pickle"u8.ToArray(),
            "legacy" => [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, 0x2e], // torch's legacy magic number
            _ => [(byte)'P', (byte)'K', 3, 4, 0, 0, 0, 0],
        });
        Assert.That(WeightsRefused(path).Zh, Does.Contain(zh));
    }

    /// <summary>A zip archive holding <paramref name="pickle"/> as archive/data.pkl (stored, as torch.save writes it), or no data.pkl.</summary>
    private string Archive(byte[]? pickle, CompressionLevel level = CompressionLevel.NoCompression)
    {
        string path = InInputs($"archive-{Guid.NewGuid():N}.pt");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        if (pickle is not null)
            using (var entry = zip.CreateEntry("archive/data.pkl", level).Open()) entry.Write(pickle);
        using (var version = zip.CreateEntry("archive/version", CompressionLevel.NoCompression).Open()) version.Write("3\n"u8);
        return path;
    }

    [Test]
    public void AZipWithoutDataPkl() =>
        Assert.That(WeightsRefused(Archive(null)).Zh, Does.EndWith("' 是不含 data.pkl 的 zip 压缩包，不是 torch.save 写出的文件"));

    [Test]
    public void AZipDeclaringAHugeEntry()
    {
        string path = Archive([0x80, 0x02, (byte)'}', (byte)'.']);
        byte[] bytes = File.ReadAllBytes(path);
        // The central directory's first record (PK\1\2) declares data.pkl's uncompressed size at offset 24.
        int central = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        BitConverter.TryWriteBytes(bytes.AsSpan(central + 24, 4), int.MaxValue);
        File.WriteAllBytes(path, bytes);
        var (en, zh) = WeightsRefused(path);
        Assert.That(en, Does.Contain($"declares an entry 'archive/data.pkl' of 2147483647 bytes in a {bytes.Length}-byte file"));
        Assert.That(zh, Does.Contain($"声明了一个 2147483647 字节的条目 'archive/data.pkl'，而整个文件只有 {bytes.Length} 字节"));
    }

    [Test]
    public void ADamagedEntry()
    {
        string path = Archive(Enumerable.Repeat("}q\0."u8.ToArray(), 100).SelectMany(b => b).ToArray(), CompressionLevel.Optimal);
        byte[] bytes = File.ReadAllBytes(path);
        // The deflate stream starts after the local header (30 bytes), the name and the extra field; 0xFF is a reserved block type.
        int start = 30 + BitConverter.ToUInt16(bytes, 26) + BitConverter.ToUInt16(bytes, 28);
        bytes[start] = 0xFF;
        File.WriteAllBytes(path, bytes);
        Assert.That(WeightsRefused(path).Zh, Does.Contain("' 被截断或已损坏（原始报错：“"));
    }

    [TestCase(new byte[] { 0x80, 0x02, 0xff, (byte)'.' }, "' 不是 PyTorch 文件：其中的 data.pkl 在第 2 字节处有未知的 pickle 操作码 0xff")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'X', 0x00, 0x00, 0x00, 0x80, (byte)'a', (byte)'b', (byte)'.' },
        "' 已损坏或是恶意构造的：其中的 data.pkl 在第 7 字节处声明了 2147483648 字节，却只剩 3 字节")]
    [TestCase(new byte[] { 0x80, 0x04, 0x95, 0xe8, 0x03, 0, 0, 0, 0, 0, 0, (byte)'}', (byte)'.' },
        "' 已损坏或是恶意构造的：其中的 data.pkl 声明了一个 1000 字节的帧，却只剩 2 字节")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'X', 0x01 }, "' 在 data.pkl 内部被截断了")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'}' }, "' 被截断了：其中的 data.pkl 没有以 pickle 的 STOP 操作码结尾")]
    public void ADamagedPickle(byte[] pickle, string zh) => Assert.That(WeightsRefused(Archive(pickle)).Zh, Does.EndWith(zh));

    /// <summary>Pickles that are whole but hold no dict of named tensors.</summary>
    [TestCase(new byte[] { 0x80, 0x02, (byte)']', (byte)'.' }, "' 存放的是一个列表，不是 state_dict（由具名张量组成的 dict）；请保存 model.state_dict()")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)')', (byte)'.' }, "' 存放的是一个元组，不是 state_dict（由具名张量组成的 dict）；请保存 model.state_dict()")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'K', 3, (byte)'.' }, "' 存放的是一个 Python 对象，不是 state_dict（由具名张量组成的 dict）；请保存 model.state_dict()")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'N', (byte)'.' }, "' 存放的是空值 None，不是 state_dict（由具名张量组成的 dict）；请保存 model.state_dict()")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)'}', (byte)'K', 1, (byte)'K', 2, (byte)'s', (byte)'.' }, "' 存放的不全是具名张量")]
    [TestCase(new byte[] { 0x80, 0x02, (byte)')', (byte)'Q', (byte)'.' }, "' 不是用 torch.save 保存的 PyTorch state_dict（")]
    public void APickleThatIsNoStateDict(byte[] pickle, string zh) => Assert.That(WeightsRefused(Archive(pickle)).Zh, Does.Contain(zh));

    /// <summary>The state_dicts PyTorch wrote that this loader cannot read (tools/parity/twins_model.py made them).</summary>
    [TestCase("weights-noncontiguous.pt", "' 存放了不连续的张量（例如转置得到的视图），本程序读不了；请保存 {k: v.contiguous() for k, v in state.items()}")]
    [TestCase("weights-offset.pt", "' 存放的张量是更大存储上的视图，本程序读不了；请保存 {k: v.clone() for k, v in state.items()}")]
    [TestCase("weights-keepvars.pt", "' 存放的是 nn.Parameter 对象（state_dict(keep_vars=True)）或整个模型；请改为保存 model.state_dict()")]
    [TestCase("weights-nan.pt", "' 中的 linear2.weight 含有 NaN 或无穷大；带着这样的值，网络算不出任何有意义的结果")]
    public void AStateDictThisLoaderCannotRead(string fixture, string zh) =>
        Assert.That(WeightsRefused(Path.Combine(ParityTests.FixtureDir, fixture)).Zh, Does.EndWith(zh));

    /// <summary>ModelDemo's state_dict with <paramref name="change"/> applied, saved as torch.save would.</summary>
    private string ModelDemoWeights(Action<Dictionary<string, Tensor>> change)
    {
        string path = InInputs($"weights-{Guid.NewGuid():N}.pt");
        using var scope = NewDisposeScope();
        using var model = new ModelDemo();
        var state = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        change(state);
        using var file = File.Create(path);
        PyTorchPickler.PickleStateDict(file, state);
        return path;
    }

    [Test]
    public void WeightsWithOtherNames()
    {
        string path = ModelDemoWeights(state =>
        {
            state["hidden.weight"] = state["linear1.weight"];
            state.Remove("linear1.weight");
            state.Remove("linear1.bias");
        });
        var (en, zh) = WeightsRefused(path);
        Assert.That(en, Does.EndWith("' does not fit ModelDemo: missing linear1.weight, linear1.bias; unexpected hidden.weight"));
        Assert.That(zh, Does.EndWith("' 与 ModelDemo 不匹配：缺少 linear1.weight、linear1.bias；多出 hidden.weight"));
    }

    [Test]
    public void WeightsWithOtherShapes() =>
        Assert.That(WeightsRefused(ModelDemoWeights(state => state["linear1.weight"] = zeros(3, 4))).Zh,
            Does.EndWith("' 中的 linear1.weight 形状为 [3, 4]；ModelDemo 需要 [3, 3]"));

    [Test]
    public void ComplexWeights() =>
        Assert.That(WeightsRefused(ModelDemoWeights(state => state["linear1.weight"] = zeros(3, 3, ScalarType.ComplexFloat32))).Zh,
            Does.EndWith("' 中 linear1.weight 的 dtype 是 ComplexFloat32：复数权重会丢掉虚部；ModelDemo 用 float32 计算"));

    [Test]
    public void WholeNumberWeights() =>
        Assert.That(WeightsRefused(ModelDemoWeights(state => state["output.bias"] = ones(2, ScalarType.Int64))).Zh,
            Does.EndWith("' 中 output.bias 的 dtype 是 Int64；ModelDemo 的权重是浮点数"));

    [Test]
    public void WeightsBeyondFloat32() =>
        Assert.That(WeightsRefused(ModelDemoWeights(state => state["linear2.weight"] = full(2, 3, 1e300, ScalarType.Float64))).Zh,
            Does.EndWith("' 中的 linear2.weight 有超出 float32 范围（±3.4028235e38）的值；它们在 ModelDemo 中会变成无穷大"));

    /// <summary>Finite weights whose output overflows: the lesson has started, so it fails (exit 1) rather than refusing.</summary>
    [Test]
    public void WeightsWhoseOutputIsNotFinite()
    {
        string path = ModelDemoWeights(state =>
        {
            foreach (string name in state.Keys.ToList()) state[name] = full_like(state[name], 3e38);
        });
        var (en, zh) = FailedInBoth(1, "model", "--weights", path, "--no-plots");
        Assert.That(en, Does.Contain("is not finite (NaN or infinity)"));
        Assert.That(zh, Does.EndWith("' 时，ModelDemo 的输出不是有限值（NaN 或无穷大）：这些权重太大，float32 运算容纳不下"));
    }

    // ---- the losses' inputs (LossChecks), rows of numbers (KnobTensors), the lessons' own checks ----

    [TestCase("CrossEntropyLoss：概率形式的目标必须与预测值形状相同，即 [2, 3]，实际为 [2, 2]", "loss-ce", "--target", "onehot", "--y-true", "0,1;1,0")]
    [TestCase("CrossEntropyLoss：预测值形状为 [2, 3] 时，类别索引目标的形状应为 [2]，实际为 [3]", "loss-ce", "--y-true", "1,2,0")]
    [TestCase("CrossEntropyLoss：类别索引 3 超出了 3 个类别的范围（0..2）", "loss-ce", "--y-true", "1,3")]
    [TestCase("CrossEntropyLoss：类别索引 -1 超出范围：类别索引是从 0 到类别数 - 1 的整数", "logits", "--y-true", "-1,2")]
    [TestCase("CrossEntropyLoss：类别索引 1.5 不是整数", "loss-ce", "--y-true", "1.5,2")]
    [TestCase("CrossEntropyLoss：类别索引 3000000000 超出范围：类别索引是从 0 到类别数 - 1 的整数", "loss-ce", "--y-true", "3000000000,1")]
    [TestCase("BCELoss：预测值必须是 [0, 1] 内的概率（请先做 sigmoid，或改用 BCEWithLogitsLoss），实际为 1.2", "loss-bce", "--y-pred", "0.5,1.2,0.5")]
    [TestCase("BCELoss：目标必须在 [0, 1] 内（标签 0 或 1，或介于两者之间的软标签），实际为 2", "loss-bce", "--y-true", "0,2,0")]
    [TestCase("MSELoss：预测值 [2] 和目标 [3] 的形状必须相同", "loss-mse", "--y-pred", "0.5,0.5")]
    [TestCase("--y-pred：每一行的数值个数必须相同", "loss-ce", "--y-pred", "0.1,0.9;0.5")]
    [TestCase("--y-pred：每一行是概率，之和必须为 1，实际为 1.1", "logits", "--y-pred", "0.5,0.6")]
    [TestCase("--y-true：类别索引只写一行，例如 --y-true 1,2", "logits", "--y-true", "1,2;0,1")]
    [TestCase("--y-true：使用 --target onehot 时每一行都必须是 one-hot（一个 1，其余都是 0），实际为 0,1,1", "loss-ce", "--target", "onehot", "--y-true", "0,1,1;1,0,0")]
    [TestCase("--y-true：类别索引只写一行，例如 --y-true 1,2（要写多行请用 --target onehot）", "loss-ce", "--y-true", "1,2;0,1")]
    public void ALossInputRefused(string zh, params string[] args)
    {
        var (_, line) = Shown(SaidInBoth(2, args));
        Assert.That(line, Is.EqualTo($"错误：{args[0]}：{zh}"));
    }

    /// <summary>
    /// A prediction that is neither (N, C) nor (C) cannot come from the command line (--y-pred is always rows), so
    /// LossChecks is asked directly.
    /// </summary>
    [Test]
    public void APredictionOfThreeDimensions()
    {
        var (en, zh) = TextInBoth(() =>
        {
            using var prediction = zeros(2, 3, 4);
            using var target = zeros(2, ScalarType.Int64);
            return Assert.Throws<Chapter4.Harness.LessonInputException>(() => LossChecks.CrossEntropy(prediction, target))!.Message;
        });
        Assert.That(en, Is.EqualTo("CrossEntropyLoss: the prediction must be (N, C) or (C), got [2, 3, 4]"));
        Assert.That(zh, Is.EqualTo("CrossEntropyLoss：预测值的形状应为 (N, C) 或 (C)，实际为 [2, 3, 4]"));
    }

    /// <summary>A message said in both languages without the command line: the same checks as <see cref="SaidInBoth"/> on its words.</summary>
    internal static (string En, string Zh) TextInBoth(Func<string> say)
    {
        string en = CjkPlotTests.InLanguage(UiLanguage.English, say), zh = CjkPlotTests.InChinese(say);
        Assert.Multiple(() =>
        {
            Assert.That(Sentences.HasChinese(zh), Is.True, $"no Chinese:\n  {zh}");
            Assert.That(Sentences.EnglishRun(zh, words: 3), Is.Null, $"English in the Chinese line:\n  {zh}");
            Assert.That(Numbers(zh), Is.EqualTo(Numbers(en)), $"other numbers\n  en: {en}\n  zh: {zh}");
        });
        return Shown((en, zh));
    }
}
