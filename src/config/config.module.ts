import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config.js';
import { ENV_KEYS, EnvironmentVariables, validateEnvironment } from './env.validation.js';

/** The only place that reads process.env: @nestjs/config validates it at boot, AppConfig types it. */
@Global()
@Module({})
export class AppConfigModule {
  /** A function, not a static import, so the environment is read when the app is built. */
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true, validate: validateEnvironment })],
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => new AppConfig(toEnvironment(config)),
        },
      ],
      exports: [AppConfig],
    };
  }
}

function toEnvironment(config: ConfigService): EnvironmentVariables {
  const env = new EnvironmentVariables();
  for (const key of ENV_KEYS) {
    const value = config.get<unknown>(key);
    if (value !== undefined) Object.assign(env, { [key]: value });
  }
  return env;
}
