// Jest on Node 20 cannot require() an ES module, yet some CommonJS dependencies (for example
// @fastify/static -> content-disposition) do. For exactly that case, compile the ES module to CommonJS.
module.exports = (api) => {
  const esmCaller = api.caller((caller) => Boolean(caller && caller.supportsStaticESM));
  return { babelrc: false, plugins: esmCaller ? [] : ['@babel/plugin-transform-modules-commonjs'] };
};
