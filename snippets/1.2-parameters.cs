#!/usr/bin/env dotnet
// 1.2 计算和查看模型参数 / Computing and viewing model parameters
#:package TorchSharp-cpu
#:include ../Chapter4/Printing/Py.cs
#:include ../Chapter4/Printing/PyFormat.cs
#:include ../Chapter4/Printing/TensorValues.cs
#:include ../Chapter4/Printing/TorchRepr.cs
#:include ../Chapter4/Printing/TorchRepr.Layout.cs
using Chapter4.Printing;
using TorchSharp;
using TorchSharp.Modules;
using static Chapter4.Printing.Py;
using static TorchSharp.torch;

// 固定随机种子 (与 1.1 相同) / fix the seed (as in 1.1)
torch.manual_seed(1);

// 模型预测函数 train() 的内容 / what the course's train() does
// 1 创建神经网络模型对象 / build the model
var my_model = new ModelDemo();
print("my_model->", my_model);
// 2 随机生成数据集: 5 个样本, 每个 3 个特征 / a random batch: 5 samples, 3 features
var data = torch.randn(5, 3);
print("data->", data);
print("data.shape->", data.shape);
// 3 调用模型对象 (前向传播) / call the model (forward pass)
var output = my_model.call(data);
// TorchSharp 不提供 grad_fn 的名字, 打印时写上 PyTorch 显示的名字 / TorchSharp does not name grad_fn
print("output->", new GradFnTensor(output, "SoftmaxBackward0"));
print("output.shape->", output.shape);
// 4 计算和查看模型参数 / count and view the parameters
print("====================计算和查看模型参数===================");
// input_size: 样本的形状 / the shape of one input; batch_size 默认 -1 / defaults to -1
summary(my_model, input_size: [5, 3]);
foreach (var (name, param) in my_model.named_parameters())
{
    print("name->", name);
    // ParameterRepr: 像 PyTorch 那样以 "Parameter containing:" 开头 / printed as PyTorch prints a Parameter
    print("param->", new ParameterRepr(param));
}

// 课程调用了 torchsummary 的 summary, 却没有 import; torchsummary 是第三方包 (也没有 C# 版).
// 这个替身按它的算法打印同一张表: 每层挂 forward hook, 在 torch.rand(2, *input_size) 上跑一次, 每个数 4 字节.
// The course calls torchsummary's summary without importing it; that third-party package has no C# twin.
// This stand-in prints its table the same way: a hook per layer, one run on rand(2, *input_size), 4 bytes a value.
static void summary(nn.Module<Tensor, Tensor> model, long[] input_size, long batch_size = -1)
{
    var rows = new List<(string Name, long[] Shape, long Count)>(); // 层名, 输出形状, 参数个数
    var hooks = model.children().Cast<nn.Module<Tensor, Tensor>>().Select(m => m.register_forward_hook((module, input, output) =>
    {
        rows.Add(($"{module.GetType().Name}-{rows.Count + 1}", [batch_size, .. output.shape[1..]], module.parameters().Sum(p => p.numel())));
        return output;
    })).ToList();
    using (torch.no_grad()) model.call(torch.rand([2, .. input_size]));
    hooks.ForEach(h => h.remove());
    long total = rows.Sum(r => r.Count);
    long trainable = model.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
    double input_mb = Math.Abs(input_size.Aggregate(1L, (a, b) => a * b) * batch_size * 4 / Math.Pow(1024, 2));
    double output_mb = Math.Abs(2 * rows.Sum(r => r.Shape.Aggregate(1L, (a, b) => a * b)) * 4 / Math.Pow(1024, 2));
    double params_mb = total * 4 / Math.Pow(1024, 2);
    print(new string('-', 64));
    print($"{"Layer (type)",20}  {"Output Shape",25} {"Param #",15}");
    print(new string('=', 64));
    foreach (var (name, shape, n) in rows)
        print($"{name,20}  {"[" + string.Join(", ", shape) + "]",25} {n,15:N0}");
    print(new string('=', 64));
    print($"Total params: {total:N0}");
    print($"Trainable params: {trainable:N0}");
    print($"Non-trainable params: {total - trainable:N0}");
    print(new string('-', 64));
    print($"Input size (MB): {input_mb:F2}");
    print($"Forward/backward pass size (MB): {output_mb:F2}");
    print($"Params size (MB): {params_mb:F2}");
    print($"Estimated Total Size (MB): {params_mb + output_mb + input_mb:F2}");
    print(new string('-', 64));
}

// ModelDemo 与 1.1-model.cs 中的代码相同, 注释见那里 / the same code as in 1.1-model.cs, comments there
class ModelDemo : nn.Module<Tensor, Tensor>
{
    public readonly Linear linear1, linear2, output;

    public ModelDemo() : base(nameof(ModelDemo))
    {
        linear1 = nn.Linear(3, 3);
        linear2 = nn.Linear(3, 2);
        output = nn.Linear(2, 2);
        var (fanIn, fanOut) = nn.init.CalculateFanInAndFanOut(linear1.weight);
        nn.init.normal_(linear1.weight, 0, Math.Sqrt(2.0 / (fanIn + fanOut)));
        nn.init.zeros_(linear1.bias);
        nn.init.kaiming_normal_(linear2.weight, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.zeros_(linear2.bias);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        x = torch.sigmoid(linear1.call(x));
        x = nn.functional.relu(linear2.call(x));
        x = torch.softmax(output.call(x), dim: -1);
        return x;
    }
}
