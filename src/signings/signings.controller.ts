import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal, Public, Roles } from '../common/auth.decorators.js';
import { ParseIdPipe } from '../common/id.js';
import type { Principal } from '../common/request-context.js';
import { EventsService } from '../events/events.service.js';
import {
  AddPartyDto,
  AddWitnessDto,
  AgreementStatusDto,
  CreateAgreementDto,
  CreateCeremonyDto,
  ReorderAgreementsDto,
  StageDto,
  UpdateAgreementDto,
  UpdateCeremonyDto,
  UpdatePartyDto,
  UpdateWitnessDto,
} from './dto/signings.dto.js';
import { DOCX_TYPE, RunSheets } from './pages/run-sheets.service.js';
import { SigningsReader } from './signings-reader.service.js';
import { SigningsService } from './signings.service.js';

/** A generated file as a download, named in Chinese (RFC 6266 filename*) with an ASCII fallback. */
export function sendFile(reply: FastifyReply, file: { filename: string; body: Buffer }, type: string): Buffer {
  void reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `attachment; filename="${file.filename.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
    )
    .header('cache-control', 'no-store');
  return file.body;
}

/**
 * Signing ceremonies: public read for a published event (`GET /api/events/:eventId/signings`); organisers build the
 * ceremonies, their agreements, parties and witnesses, move agreements through their statuses and drive the screen.
 */
@ApiTags('signings')
@ApiBearerAuth()
@Controller('api/events/:eventId/signings')
export class SigningsController {
  constructor(
    private readonly signings: SigningsService,
    private readonly reader: SigningsReader,
    private readonly events: EventsService,
    private readonly sheets: RunSheets,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary:
      'The event’s ceremonies with their agreements in order (parties, signatories, witnesses, facilitator, landing ' +
      'place, status; withdrawn ones left out) and the totals: counted from the agreements, and the summary totals ' +
      'recorded for signings that are not itemised, apart',
  })
  async list(@Param('eventId', ParseIdPipe) eventId: number, @Req() request: FastifyRequest) {
    await this.events.visible(request.principal ?? null, eventId);
    return this.reader.eventJson(eventId, 'public');
  }

  @Get('ceremonies')
  @Roles('organiser')
  @ApiOperation({ summary: 'Every ceremony with every agreement (withdrawn ones too), the stage and the screen link' })
  async ceremonies(@Param('eventId', ParseIdPipe) eventId: number) {
    await this.events.get(eventId);
    return this.reader.eventJson(eventId, 'organiser');
  }

  @Post('ceremonies')
  @Roles('organiser')
  @ApiOperation({ summary: 'Makes a signing ceremony of an agenda session (signing_ceremony or sub_venue_programme)' })
  async create(@Param('eventId', ParseIdPipe) eventId: number, @Body() dto: CreateCeremonyDto) {
    return this.reader.ceremonyJson(eventId, (await this.signings.createCeremony(eventId, dto)).id);
  }

  @Get('ceremonies/:ceremonyId')
  @Roles('organiser')
  ceremony(@Param('eventId', ParseIdPipe) eventId: number, @Param('ceremonyId', ParseIdPipe) id: number) {
    return this.reader.ceremonyJson(eventId, id);
  }

  @Patch('ceremonies/:ceremonyId')
  @Roles('organiser')
  @ApiOperation({ summary: 'Host, minutes per signing, opening minutes, summary totals (null clears them)' })
  async update(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Body() dto: UpdateCeremonyDto,
  ) {
    return this.reader.ceremonyJson(eventId, (await this.signings.updateCeremony(eventId, id, dto)).id);
  }

  @Delete('ceremonies/:ceremonyId')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes a ceremony with no signed agreement (409 otherwise)' })
  async remove(@Param('eventId', ParseIdPipe) eventId: number, @Param('ceremonyId', ParseIdPipe) id: number) {
    await this.signings.deleteCeremony(eventId, id);
  }

  @Post('ceremonies/:ceremonyId/agreements')
  @Roles('organiser')
  @ApiOperation({ summary: 'Adds an agreement (last, or at `position`); organisations and people by name' })
  async addAgreement(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Body() dto: CreateAgreementDto,
  ) {
    return this.reader.agreementJson(eventId, (await this.signings.addAgreement(eventId, id, dto)).id);
  }

  @Put('ceremonies/:ceremonyId/order')
  @Roles('organiser')
  @ApiOperation({ summary: 'Puts the agreements in a new order (every agreement of the ceremony, once)' })
  async reorder(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Body() dto: ReorderAgreementsDto,
  ) {
    await this.signings.reorder(eventId, id, dto.agreementIds);
    return this.reader.ceremonyJson(eventId, id);
  }

  @Post('ceremonies/:ceremonyId/stage')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Moves the hall screen: next, previous, opening, closing, or a given agreement' })
  async stage(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Body() dto: StageDto,
  ) {
    await this.signings.stage(eventId, id, dto);
    return (await this.reader.one(eventId, id)).stage;
  }

  @Post('ceremonies/:ceremonyId/screen/revoke')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revokes the screen link (the hall PC needs the new one)' })
  async revokeScreen(@Param('eventId', ParseIdPipe) eventId: number, @Param('ceremonyId', ParseIdPipe) id: number) {
    await this.signings.revokeScreen(eventId, id);
    return { screenUrl: (await this.reader.ceremonyJson(eventId, id)).screenUrl };
  }

  @Get('ceremonies/:ceremonyId/run-sheet')
  @Roles('organiser')
  @ApiOperation({ summary: 'The run sheet: order, planned times, seats, who walks on stage and the emcee’s lines' })
  async runSheet(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
  ) {
    return (await this.sheets.model(eventId, id, request.locale)).model;
  }

  @Get('ceremonies/:ceremonyId/run-sheet.docx')
  @Roles('organiser')
  @ApiProduces(DOCX_TYPE)
  @ApiOperation({ summary: 'The run sheet as a Word document' })
  async runSheetDocx(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('ceremonyId', ParseIdPipe) id: number,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.sheets.docx(eventId, id, request.locale), DOCX_TYPE);
  }

  @Get('agreements/:agreementId')
  @Roles('organiser')
  agreement(@Param('eventId', ParseIdPipe) eventId: number, @Param('agreementId', ParseIdPipe) id: number) {
    return this.reader.agreementJson(eventId, id);
  }

  @Patch('agreements/:agreementId')
  @Roles('organiser')
  @ApiOperation({ summary: 'Changes what is given; `parties` and `witnesses`, when given, replace the lists' })
  async updateAgreement(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('agreementId', ParseIdPipe) id: number,
    @Body() dto: UpdateAgreementDto,
  ) {
    return this.reader.agreementJson(eventId, (await this.signings.updateAgreement(eventId, id, dto)).id);
  }

  @Delete('agreements/:agreementId')
  @Roles('organiser')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes an agreement that is not signed (409 for a signed one)' })
  async removeAgreement(@Param('eventId', ParseIdPipe) eventId: number, @Param('agreementId', ParseIdPipe) id: number) {
    await this.signings.deleteAgreement(eventId, id);
  }

  @Post('agreements/:agreementId/status')
  @Roles('organiser')
  @HttpCode(200)
  @ApiOperation({
    summary: 'planned → confirmed → signed, or withdrawn (and back to planned); an illegal step is a 409',
  })
  async status(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('agreementId', ParseIdPipe) id: number,
    @Body() dto: AgreementStatusDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.signings.transition(eventId, id, dto.status, principal.userId);
    return this.reader.agreementJson(eventId, id);
  }

  @Post('agreements/:agreementId/parties')
  @Roles('organiser')
  async addParty(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('agreementId', ParseIdPipe) id: number,
    @Body() dto: AddPartyDto,
  ) {
    await this.signings.addParty(eventId, id, dto);
    return this.reader.agreementJson(eventId, id);
  }

  @Patch('parties/:partyId')
  @Roles('organiser')
  async updateParty(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('partyId', ParseIdPipe) id: number,
    @Body() dto: UpdatePartyDto,
  ) {
    return this.reader.agreementJson(eventId, (await this.signings.updateParty(eventId, id, dto)).agreementId);
  }

  @Delete('parties/:partyId')
  @Roles('organiser')
  @HttpCode(204)
  async removeParty(@Param('eventId', ParseIdPipe) eventId: number, @Param('partyId', ParseIdPipe) id: number) {
    await this.signings.deleteParty(eventId, id);
  }

  @Post('agreements/:agreementId/witnesses')
  @Roles('organiser')
  async addWitness(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('agreementId', ParseIdPipe) id: number,
    @Body() dto: AddWitnessDto,
  ) {
    await this.signings.addWitness(eventId, id, dto);
    return this.reader.agreementJson(eventId, id);
  }

  @Patch('witnesses/:witnessId')
  @Roles('organiser')
  async updateWitness(
    @Param('eventId', ParseIdPipe) eventId: number,
    @Param('witnessId', ParseIdPipe) id: number,
    @Body() dto: UpdateWitnessDto,
  ) {
    return this.reader.agreementJson(eventId, (await this.signings.updateWitness(eventId, id, dto)).agreementId);
  }

  @Delete('witnesses/:witnessId')
  @Roles('organiser')
  @HttpCode(204)
  async removeWitness(@Param('eventId', ParseIdPipe) eventId: number, @Param('witnessId', ParseIdPipe) id: number) {
    await this.signings.deleteWitness(eventId, id);
  }
}
