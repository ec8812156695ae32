import { Module } from '@nestjs/common';
import { PublicRegistryController } from './public-registry.controller.js';
import { PublicRegistryService } from './public-registry.service.js';

@Module({ controllers: [PublicRegistryController], providers: [PublicRegistryService] })
export class PublicRegistryModule {}
