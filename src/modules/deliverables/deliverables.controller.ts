import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { DeliverablesService, type DeliverableView } from './deliverables.service.js';
import { AddDeliverableDto, CancelDeliverableDto, RescheduleDeliverableDto } from './dto/deliverable.dto.js';

@ApiTags('deliverables')
@ApiBearerAuth()
@Controller('api/flagships/:proposalId/deliverables')
export class DeliverablesController {
  constructor(private readonly deliverables: DeliverablesService) {}

  @Get()
  @ApiOperation({ summary: 'Tracked deliverables of a flagship, with counts and the change history' })
  list(@CurrentUser() user: AuthUser | undefined, @Param('proposalId') proposalId: string): Promise<unknown> {
    return this.deliverables.list(user, proposalId);
  }

  @Post()
  @ApiOperation({ summary: 'Add a deliverable to a running flagship (lead)' })
  add(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Body() dto: AddDeliverableDto,
  ): Promise<DeliverableView> {
    return this.deliverables.add(user, proposalId, dto);
  }

  @Post(':deliverableId/reschedule')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a deliverable to a new due date, with a reason (lead; audited)' })
  reschedule(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('deliverableId') deliverableId: string,
    @Body() dto: RescheduleDeliverableDto,
  ): Promise<DeliverableView> {
    return this.deliverables.reschedule(user, proposalId, deliverableId, dto);
  }

  @Post(':deliverableId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a deliverable, with a reason (lead; audited)' })
  cancel(
    @CurrentUser() user: AuthUser | undefined,
    @Param('proposalId') proposalId: string,
    @Param('deliverableId') deliverableId: string,
    @Body() dto: CancelDeliverableDto,
  ): Promise<DeliverableView> {
    return this.deliverables.cancel(user, proposalId, deliverableId, dto);
  }
}
