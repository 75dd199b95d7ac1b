// The @nestjs/swagger CLI plugin (what `nest build` applies, see nest-cli.json) as a ts-jest AST transformer, so
// the OpenAPI document of an in-process test app is the one the built service serves.
const plugin = require('@nestjs/swagger/plugin');
const nestCli = require('../../nest-cli.json');

const { options } = nestCli.compilerOptions.plugins.find((p) => p.name === '@nestjs/swagger');

module.exports = {
  name: 'nestjs-swagger-plugin',
  version: 1,
  factory: (compiler) => plugin.before(options, compiler.program),
};
