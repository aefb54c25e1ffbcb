using ConfigMapMirror;
using Coxswain.Runtime.Hosting;
using Microsoft.Extensions.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddCoxswainCommandLine(args);
builder.AddConfigMapMirror();
await builder.Build().RunAsync();
